import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { resetEnv } from '../../functions/shared/env';
import { setDynamo } from '../../functions/store/client';
import { resetNimbus } from '../../functions/store/service';
import { ensureTable } from '../../infra/local/create-table';
import { localClient } from '../../infra/local/dynamodb-local';

/** A fresh table on the run's DynamoDB Local, and the store pointed at it (one per test file). */
export async function useFreshTable(prefix = 'test'): Promise<{ tableName: string; endpoint: string }> {
  const endpoint = inject('dynamoEndpoint');
  const tableName = `${prefix}-${randomUUID()}`;
  const client = localClient(endpoint);
  await ensureTable(client, tableName);
  client.destroy();
  process.env.TABLE_NAME = tableName;
  process.env.DYNAMODB_ENDPOINT = endpoint;
  resetEnv();
  setDynamo(undefined);
  resetNimbus();
  return { tableName, endpoint };
}
