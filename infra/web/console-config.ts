/**
 * The web console's runtime configuration, served as `/config.json` beside the built app (CloudFront + S3 on AWS,
 * the local console server locally). Nothing environment-specific is baked into the build.
 */
export type ConsoleConfig = {
  /** The JSON API's base URL, without a trailing slash. */
  readonly apiUrl: string;
  readonly auth: LocalSignIn | CognitoSignIn;
};

/** Local stack only: pick a demo user; the console server's `/local/*` routes sign a token with the local issuer. */
export type LocalSignIn = {
  readonly kind: 'local';
  /** Base URL of the local-only sign-in routes (`GET …/users`, `POST …/token`). */
  readonly signInUrl: string;
};

/** AWS: Cognito managed login, authorization-code flow with PKCE; the console sends the ID token to the API. */
export type CognitoSignIn = {
  readonly kind: 'cognito';
  /** OIDC issuer: `https://cognito-idp.<region>.amazonaws.com/<userPoolId>` (discovery document under it). */
  readonly authority: string;
  readonly clientId: string;
  /** Managed login domain, `https://<prefix>.auth.<region>.amazoncognito.com` (its `/logout` ends the session). */
  readonly domain: string;
  readonly redirectUri: string;
  readonly logoutUri: string;
  readonly scopes: readonly string[];
};

/**
 * The console's security headers, the same locally and on CloudFront. The app uses no inline script or style
 * attribute markup, so the policy allows only its own origin plus where it must talk to.
 */
export function contentSecurityPolicy(connect: readonly string[], formAction: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${connect.join(' ')}`.trim(),
    `form-action 'self' ${formAction.join(' ')}`.trim(),
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join('; ');
}

/** The other headers (HSTS is added by CloudFront's policy on AWS; not on plain-HTTP loopback). */
export const consoleSecurityHeaders: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
};
