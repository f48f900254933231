import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DescribeTableCommand, type StreamSpecification } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { tableDefinition } from '../../functions/store/table';
import { ensureTable } from '../../infra/local/create-table';
import { localClient } from '../../infra/local/dynamodb-local';

const client = localClient(inject('dynamoEndpoint'));
afterAll(() => client.destroy());

const describeTable = async (TableName: string) => (await client.send(new DescribeTableCommand({ TableName }))).Table;

/** A table as an earlier version of Nimbus left it in a developer's `.data/`: without the declared stream. */
async function legacyTable(stream?: StreamSpecification): Promise<string> {
  const TableName = `legacy-${randomUUID()}`;
  const indexes = tableDefinition.globalSecondaryIndexes;
  await client.send(
    new CreateTableCommand({
      TableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: ['pk', 'sk', ...indexes.flatMap((gsi) => [gsi.partitionKey, gsi.sortKey])].map(
        (AttributeName) => ({ AttributeName, AttributeType: 'S' }),
      ),
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: indexes.map((gsi) => ({
        IndexName: gsi.indexName,
        KeySchema: [
          { AttributeName: gsi.partitionKey, KeyType: 'HASH' },
          { AttributeName: gsi.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
      StreamSpecification: stream,
    }),
  );
  return TableName;
}

describe('ensureTable', () => {
  it('creates the table with the declared stream', async () => {
    const name = `fresh-${randomUUID()}`;
    expect(await ensureTable(client, name)).toBe('created');
    const table = await describeTable(name);
    expect(table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: tableDefinition.stream });
    expect(table?.LatestStreamArn).toBeTruthy();
  });

  // Adding missing indexes is not exercised here: DynamoDB Local builds them in a background job that, with the
  // whole suite's tables on one server, took over a minute per index.
  it('turns the stream on for a table kept from before, once', async () => {
    // Prepare
    const name = await legacyTable();

    // Act
    expect(await ensureTable(client, name)).toBe('existed');
    const first = await describeTable(name);
    expect(await ensureTable(client, name)).toBe('existed');
    const second = await describeTable(name);

    // Assess: the stream is there; the second start changed nothing
    expect(first?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
    expect(first?.GlobalSecondaryIndexes).toHaveLength(tableDefinition.globalSecondaryIndexes.length);
    expect(second?.LatestStreamArn).toBe(first?.LatestStreamArn);
  });

  it('replaces a stream of another view type with the declared one', async () => {
    // Prepare
    const name = await legacyTable({ StreamEnabled: true, StreamViewType: 'KEYS_ONLY' });
    const before = await describeTable(name);

    // Act
    await ensureTable(client, name);

    // Assess
    const after = await describeTable(name);
    expect(after?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
    expect(before?.StreamSpecification?.StreamViewType).toBe('KEYS_ONLY');
    expect(after?.LatestStreamArn).not.toBe(before?.LatestStreamArn);
  });
});
