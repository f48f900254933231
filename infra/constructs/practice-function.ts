import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { practiceEntry } from '../../functions/http/routes';

/** Repository root (infra/constructs/ → ../..): entries in routes.ts are relative to it. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * ESM bundles still meet CommonJS dependencies that call `require` for Node built-ins; give them one.
 * The import is aliased so it cannot clash with a bundled `createRequire`.
 */
export const esmRequireBanner =
  "import { createRequire as __nimbusCreateRequire } from 'node:module';const require = __nimbusCreateRequire(import.meta.url);";

export interface PracticeFunctionProps {
  /** Practice name from routes.ts (`incidents`, `meta`, …). */
  readonly practice: string;
  /** Extra environment variables (TABLE_NAME, …). */
  readonly environment?: Record<string, string>;
  readonly logRetention?: RetentionDays;
}

/**
 * One Lambda function per ITSM practice with Nimbus defaults: nodejs24.x on ARM64, ESM bundle built by the local
 * esbuild (AWS SDK bundled, not taken from the runtime), explicit log group with retention, X-Ray tracing, and its
 * own role with only log-write permissions (no AWSLambdaBasicExecutionRole managed policy).
 */
export class PracticeFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: PracticeFunctionProps) {
    super(scope, id);
    const { practice } = props;

    this.logGroup = new LogGroup(this, 'Logs', { retention: props.logRetention ?? RetentionDays.ONE_MONTH });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Nimbus ${practice} practice function`,
    });
    // logs:CreateLogStream + logs:PutLogEvents on this function's log group only.
    this.logGroup.grantWrite(this.role);

    this.fn = new NodejsFunction(this, 'Function', {
      description: `Nimbus ${practice} practice HTTP API`,
      entry: path.join(repoRoot, practiceEntry(practice)),
      handler: 'handler',
      projectRoot: repoRoot,
      depsLockFilePath: path.join(repoRoot, 'package-lock.json'),
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      environment: {
        POWERTOOLS_SERVICE_NAME: `nimbus-${practice}`,
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
        sourceMap: true,
        sourcesContent: false,
        // Bundle the AWS SDK v3 (pinned versions, smaller cold start than the runtime's copy): externalise nothing.
        externalModules: [],
      },
    });
  }
}
