import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** Repository root (infra/constructs/ → ../..): function entries and bundled folders are relative to it. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * ESM bundles still meet CommonJS dependencies that call `require` for Node built-ins; give them one.
 * The import is aliased so it cannot clash with a bundled `createRequire`.
 */
export const esmRequireBanner =
  "import { createRequire as __nimbusCreateRequire } from 'node:module';const require = __nimbusCreateRequire(import.meta.url);";

/** Where a bundled folder ends up inside the deployed function (`/var/task/<to>`). */
export const lambdaTaskRoot = '/var/task';

/** A repository folder copied next to the bundle, e.g. mail templates the code reads at run time. */
export interface BundledFolder {
  /** Folder relative to the repository root. It must exist: a missing folder fails the synth, not the first mail. */
  readonly from: string;
  /** Folder name inside the bundle (`/var/task/<to>` once deployed). */
  readonly to: string;
}

export interface NimbusFunctionProps {
  /** Short name: `POWERTOOLS_SERVICE_NAME` is `nimbus-<service>`. */
  readonly service: string;
  readonly description: string;
  /** Entry file relative to the repository root; it exports `handler`. */
  readonly entry: string;
  /** Extra environment variables (TABLE_NAME, …). */
  readonly environment?: Record<string, string>;
  /** @default 512 */
  readonly memorySize?: number;
  /** @default 10 seconds */
  readonly timeout?: Duration;
  /** @default one month */
  readonly logRetention?: RetentionDays;
  /** Folders copied into the bundle after esbuild ran. */
  readonly bundledFolders?: readonly BundledFolder[];
}

/**
 * A Nimbus Lambda function with the project's defaults: nodejs24.x on ARM64, ESM bundle built by the local esbuild
 * (AWS SDK bundled, not taken from the runtime), explicit log group with retention, X-Ray tracing, and its own role
 * with only log-write permissions (no AWSLambdaBasicExecutionRole managed policy). Callers add grants to `role`.
 */
export class NimbusFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: NimbusFunctionProps) {
    super(scope, id);

    this.logGroup = new LogGroup(this, 'Logs', { retention: props.logRetention ?? RetentionDays.ONE_MONTH });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: props.description,
    });
    // logs:CreateLogStream + logs:PutLogEvents on this function's log group only.
    this.logGroup.grantWrite(this.role);

    const folders = props.bundledFolders ?? [];
    this.fn = new NodejsFunction(this, 'Function', {
      description: props.description,
      entry: path.join(repoRoot, props.entry),
      handler: 'handler',
      projectRoot: repoRoot,
      depsLockFilePath: path.join(repoRoot, 'package-lock.json'),
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      environment: {
        POWERTOOLS_SERVICE_NAME: `nimbus-${props.service}`,
        LOG_LEVEL: 'INFO',
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: 'node24',
        mainFields: ['module', 'main'],
        banner: esmRequireBanner,
        minify: true,
        // Error class names survive minification: Lambda reports `error.name` and Step Functions' Catch matches on it.
        keepNames: true,
        sourceMap: true,
        sourcesContent: false,
        // Bundle the AWS SDK v3 (pinned versions, smaller cold start than the runtime's copy): externalise nothing.
        externalModules: [],
        ...(folders.length > 0 ? { commandHooks: copyFoldersAfterBundling(folders) } : {}),
      },
    });
  }
}

/** Shell commands run by the local bundler (no Docker): `cp -R <repo>/<from> <bundle>/<to>` per folder. */
function copyFoldersAfterBundling(folders: readonly BundledFolder[]) {
  const quote = (p: string) => `'${p.replaceAll("'", "'\\''")}'`;
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (inputDir: string, outputDir: string) =>
      folders.map((f) => `cp -R ${quote(path.join(inputDir, f.from))} ${quote(path.join(outputDir, f.to))}`),
  };
}
