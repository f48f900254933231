import { Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Function as CloudFrontFunction,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import {
  CfnManagedLoginBranding,
  ManagedLoginVersion,
  OAuthScope,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, type ISource, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import {
  type CognitoSignIn,
  type ConsoleConfig,
  consoleSecurityHeaders,
  contentSecurityPolicy,
} from '../web/console-config';
import type { NimbusApi } from './api';
import type { NimbusAuth } from './auth';

/** The console reaches the API through its own distribution under this path: one origin, no CORS preflights. */
export const consoleApiPath = '/api';
/** Where Cognito managed login sends the browser back with the authorization code. */
export const consoleCallbackPath = '/auth/callback';
/** The scopes the console asks for: enough for an ID token with e-mail and name. */
export const consoleScopes = ['openid', 'email', 'profile'] as const;

/** CloudFront Function (viewer request): `/api/incidents` reaches the HTTP API as `/incidents`. */
const stripApiPrefix = `function handler(event) {
  var request = event.request;
  request.uri = request.uri.substring(${consoleApiPath.length}) || '/';
  return request;
}`;

/**
 * CloudFront Function (viewer request) for the app's own paths: a client-side route such as /incidents/INC0001001
 * (no file extension in its last segment) loads index.html. Not a distribution-wide custom error response, which
 * would also turn the API's 403/404 problem+json under /api into the app's page.
 */
const spaRoutes = `function handler(event) {
  var request = event.request;
  var last = request.uri.substring(request.uri.lastIndexOf('/') + 1);
  if (last.indexOf('.') === -1) request.uri = '/index.html';
  return request;
}`;

/** The two viewer-request functions, exported for tests that run them. */
export const consoleFunctions = { stripApiPrefix, spaRoutes } as const;

export interface WebConsoleProps {
  readonly api: NimbusApi;
  readonly auth: NimbusAuth;
  /** The built single-page app (infra/web/console-assets.ts builds web/ with Vite during synth). */
  readonly assets: ISource;
  /** Managed login domain prefix, unique per region. @default `nimbus-<account id>` */
  readonly authDomainPrefix?: string;
  /** Serve the console on this host name (an ACM certificate in us-east-1 must cover it). @default the CloudFront domain */
  readonly domainName?: string;
  /** ARN of that certificate (us-east-1); with it viewers need TLS 1.2 or later. */
  readonly certificateArn?: string;
}

/**
 * The web console on AWS: the built app in a private S3 bucket behind CloudFront (origin access control, HTTPS only,
 * strict security headers), the API behind the same distribution under /api, Cognito managed login with an
 * authorization-code + PKCE app client whose callback is the distribution, and the runtime `/config.json` written
 * at deploy time (nothing environment-specific is in the build).
 */
export class WebConsole extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  readonly domain: UserPoolDomain;
  readonly client: UserPoolClient;
  readonly config: ConsoleConfig;
  readonly deployment: BucketDeployment;
  /** Served on the operator's own host name with their certificate (TLS 1.2 minimum). */
  readonly customDomain: boolean;
  private readonly domainName?: string;

  constructor(scope: Construct, id: string, props: WebConsoleProps) {
    super(scope, id);
    if (Boolean(props.domainName) !== Boolean(props.certificateArn))
      throw new Error('The web console needs both a domain name and its certificate ARN, or neither');
    this.domainName = props.domainName;
    const region = Stack.of(this).region;

    this.bucket = new Bucket(this, 'Assets', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: false,
      // Build output only: a redeploy recreates every object.
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: false,
    });

    this.domain = props.auth.userPool.addDomain('ManagedLogin', {
      cognitoDomain: { domainPrefix: props.authDomainPrefix ?? `nimbus-${Aws.ACCOUNT_ID}` },
      managedLoginVersion: ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    const authority = `https://cognito-idp.${region}.${Aws.URL_SUFFIX}/${props.auth.userPool.userPoolId}`;
    const loginOrigin = this.domain.baseUrl();

    const headers = (cacheControl: string) => ({
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          // The API is same-origin (/api); the browser also talks to Cognito: discovery/JWKS and the token endpoint.
          contentSecurityPolicy: contentSecurityPolicy(
            [`https://cognito-idp.${region}.${Aws.URL_SUFFIX}`, loginOrigin],
            [loginOrigin],
          ),
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          preload: false,
          override: true,
        },
      },
      customHeadersBehavior: {
        customHeaders: [
          { header: 'Permissions-Policy', value: consoleSecurityHeaders['Permissions-Policy'] ?? '', override: true },
          { header: 'Cache-Control', value: cacheControl, override: true },
        ],
      },
    });
    // index.html and config.json are revalidated on every load; Vite's hashed assets never change.
    const documentHeaders = new ResponseHeadersPolicy(this, 'DocumentHeaders', {
      comment: 'Nimbus console: security headers, no caching of the entry document and config',
      ...headers('no-cache'),
    });
    const assetHeaders = new ResponseHeadersPolicy(this, 'AssetHeaders', {
      comment: 'Nimbus console: security headers, immutable hashed assets',
      ...headers('public, max-age=31536000, immutable'),
    });

    const certificate = props.certificateArn
      ? Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn)
      : undefined;
    this.customDomain = Boolean(certificate);
    const siteOrigin = S3BucketOrigin.withOriginAccessControl(this.bucket);
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Nimbus ITSM web console',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      ...(certificate
        ? {
            certificate,
            domainNames: [props.domainName as string],
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      defaultBehavior: {
        origin: siteOrigin,
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: documentHeaders,
        compress: true,
        functionAssociations: [
          {
            eventType: FunctionEventType.VIEWER_REQUEST,
            function: new CloudFrontFunction(this, 'SpaRoutes', {
              comment: 'Nimbus: client-side routes (no file extension) load index.html',
              code: FunctionCode.fromInline(spaRoutes),
              runtime: FunctionRuntime.JS_2_0,
            }),
          },
        ],
      },
      additionalBehaviors: {
        '/assets/*': {
          origin: siteOrigin,
          viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          cachePolicy: CachePolicy.CACHING_OPTIMIZED,
          responseHeadersPolicy: assetHeaders,
          compress: true,
        },
        [`${consoleApiPath}/*`]: {
          origin: new HttpOrigin(props.api.domainName),
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          // Never cached; with caching disabled CloudFront forwards Authorization through this managed policy.
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          functionAssociations: [
            {
              eventType: FunctionEventType.VIEWER_REQUEST,
              function: new CloudFrontFunction(this, 'StripApiPrefix', {
                comment: 'Nimbus: /api/<path> reaches the HTTP API as /<path>',
                code: FunctionCode.fromInline(stripApiPrefix),
                runtime: FunctionRuntime.JS_2_0,
              }),
            },
          ],
        },
      },
    });

    const consoleUrl = this.url;
    this.client = props.auth.userPool.addClient('WebConsoleClient', {
      userPoolClientName: 'nimbus-web-console',
      generateSecret: false,
      authFlows: {},
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [`${consoleUrl}${consoleCallbackPath}`],
        logoutUrls: [`${consoleUrl}/`],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });
    // Managed login (the newer version) shows a page only for clients that have a branding style.
    new CfnManagedLoginBranding(this, 'ManagedLoginBranding', {
      userPoolId: props.auth.userPool.userPoolId,
      clientId: this.client.userPoolClientId,
      useCognitoProvidedValues: true,
    });
    props.api.addAudience(this.client);

    const signIn: CognitoSignIn = {
      kind: 'cognito',
      authority,
      clientId: this.client.userPoolClientId,
      domain: loginOrigin,
      redirectUri: `${consoleUrl}${consoleCallbackPath}`,
      logoutUri: `${consoleUrl}/`,
      scopes: [...consoleScopes],
    };
    this.config = { apiUrl: `${consoleUrl}${consoleApiPath}`, auth: signIn };

    this.deployment = new BucketDeployment(this, 'Deploy', {
      destinationBucket: this.bucket,
      sources: [props.assets, Source.jsonData('config.json', this.config)],
      prune: true,
      memoryLimit: 512,
    });
  }

  /** `https://<distribution domain>`: where people open the console, and where mail links point. */
  get url(): string {
    return `https://${this.domainName ?? this.distribution.distributionDomainName}`;
  }
}
