import { resolve } from 'node:path';
import { resetEnv } from '../../functions/shared/env';
import { setDynamo } from '../../functions/store/client';
import { resetNimbus } from '../../functions/store/service';
import { ensureTable } from './create-table';
import { seedDemoData } from './demo-data';
import { type DynamoDbLocal, localClient, startDynamoDbLocal } from './dynamodb-local';
import { type RunningGateway, startGateway } from './gateway';
import type { LocalIssuer } from './issuer';

export const repositoryRoot = resolve(import.meta.dirname, '../..');

export interface LocalStackOptions {
  readonly issuer: LocalIssuer;
  readonly tableName: string;
  /** Use this DynamoDB endpoint instead of starting DynamoDB Local (tests share one server). */
  readonly dynamoEndpoint?: string;
  /** Where DynamoDB Local persists; in memory when absent. */
  readonly dbPath?: string;
  readonly port?: number;
  /** When `port` is taken, serve on any free port instead (npm start's default port). */
  readonly anyPortIfTaken?: boolean;
  /** Seed the demo desk (groups, categories, services, rules, incidents) when the table is new. */
  readonly seedDemo?: boolean;
}

export interface LocalStack {
  readonly url: string;
  readonly dynamoEndpoint: string;
  readonly tableName: string;
  /** The demo desk was seeded by this start (a new table). */
  readonly seeded: boolean;
  readonly gateway: RunningGateway;
  /** Settles if the DynamoDB Local this stack started ends (never, when it uses a shared endpoint). */
  readonly dynamoExited: Promise<number | null>;
  stop(): Promise<void>;
}

/**
 * The embedded local stack: DynamoDB Local + the table from table.ts + the API gateway from routes.ts,
 * with the real handlers and the real AWS SDK clients pointed at local endpoints by configuration.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const dynamo: DynamoDbLocal | undefined = options.dynamoEndpoint
    ? undefined
    : await startDynamoDbLocal({ dbPath: options.dbPath });
  const endpoint = options.dynamoEndpoint ?? (dynamo as DynamoDbLocal).endpoint;
  try {
    const admin = localClient(endpoint);
    const table = await ensureTable(admin, options.tableName);
    admin.destroy();

    process.env.TABLE_NAME = options.tableName;
    process.env.DYNAMODB_ENDPOINT = endpoint;
    process.env.AWS_REGION ??= 'us-east-1';
    process.env.POWERTOOLS_DEV ??= 'true';
    resetEnv();
    setDynamo(undefined);
    resetNimbus();
    const seeded = Boolean(options.seedDemo && table === 'created');
    if (seeded) await seedDemoData();

    const gateway = await startGateway({
      issuer: options.issuer,
      root: repositoryRoot,
      port: options.port,
      anyPortIfTaken: options.anyPortIfTaken,
    });
    return {
      url: gateway.url,
      dynamoEndpoint: endpoint,
      tableName: options.tableName,
      seeded,
      gateway,
      dynamoExited: dynamo?.exited ?? new Promise(() => undefined),
      async stop() {
        await gateway.stop();
        await dynamo?.stop();
      },
    };
  } catch (error) {
    await dynamo?.stop();
    throw error;
  }
}
