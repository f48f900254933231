import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
  ResourceInUseException,
  type StreamSpecification,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { keyAttributeNames, tableDefinition } from '../../functions/store/table';

type GsiDefinition = (typeof tableDefinition.globalSecondaryIndexes)[number];

function gsiSpec(gsi: GsiDefinition): GlobalSecondaryIndex {
  return {
    IndexName: gsi.indexName,
    KeySchema: [
      { AttributeName: gsi.partitionKey, KeyType: 'HASH' },
      { AttributeName: gsi.sortKey, KeyType: 'RANGE' },
    ],
    Projection: { ProjectionType: 'ALL' },
  };
}

const attributeDefinitions = () =>
  keyAttributeNames().map((AttributeName) => ({ AttributeName, AttributeType: 'S' as const }));

const streamSpec: StreamSpecification = { StreamEnabled: true, StreamViewType: tableDefinition.stream };

/**
 * Creates the one table from THE table declaration; on a table kept from an earlier version (`.data/`), adds the
 * indexes declared since, one at a time as DynamoDB requires, and turns on the declared stream.
 */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<'created' | 'existed'> {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: attributeDefinitions(),
        KeySchema: [
          { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
          { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: tableDefinition.globalSecondaryIndexes.map(gsiSpec),
        StreamSpecification: streamSpec,
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
    await addMissingIndexes(client, tableName);
    await enableDeclaredStream(client, tableName);
    return 'existed';
  }
  await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: tableName });
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: tableDefinition.timeToLiveAttribute, Enabled: true },
    }),
  );
  return 'created';
}

async function addMissingIndexes(client: DynamoDBClient, tableName: string): Promise<void> {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  const present = new Set((Table?.GlobalSecondaryIndexes ?? []).map((gsi) => gsi.IndexName));
  for (const gsi of tableDefinition.globalSecondaryIndexes) {
    if (present.has(gsi.indexName)) continue;
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: attributeDefinitions(),
        GlobalSecondaryIndexUpdates: [{ Create: gsiSpec(gsi) }],
      }),
    );
    await waitUntilIndexesActive(client, tableName);
  }
}

/**
 * The table turns ACTIVE before a new index does, and DynamoDB builds one index at a time (another UpdateTable
 * meanwhile fails with LimitExceededException). DynamoDB Local builds indexes in a background job: usually a
 * second or two, over a minute on a server crowded with tables.
 */
async function waitUntilIndexesActive(client: DynamoDBClient, tableName: string): Promise<void> {
  const deadline = Date.now() + 300_000;
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const building = (Table?.GlobalSecondaryIndexes ?? []).filter((gsi) => gsi.IndexStatus !== 'ACTIVE');
    if (Table?.TableStatus === 'ACTIVE' && building.length === 0) return;
    if (Date.now() > deadline)
      throw new Error(`Table ${tableName}: indexes ${building.map((gsi) => gsi.IndexName).join(', ')} still building`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * A table from before the stream was declared gets it now. A stream with another view type cannot be changed in
 * place: it is disabled and a new one enabled (the old stream stays readable for 24 hours, a consumer follows the
 * table's latest stream).
 */
async function enableDeclaredStream(client: DynamoDBClient, tableName: string): Promise<void> {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  const current = Table?.StreamSpecification;
  if (current?.StreamEnabled && current.StreamViewType === tableDefinition.stream) return;
  if (current?.StreamEnabled) {
    await client.send(new UpdateTableCommand({ TableName: tableName, StreamSpecification: { StreamEnabled: false } }));
    await waitUntilTableExists({ client, maxWaitTime: 60 }, { TableName: tableName });
  }
  await client.send(new UpdateTableCommand({ TableName: tableName, StreamSpecification: streamSpec }));
  await waitUntilTableExists({ client, maxWaitTime: 60 }, { TableName: tableName });
}
