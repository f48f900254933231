/** Entity keys and items outside ElectroDB's per-entity calls: batch reads across entities, recognising raw items. */
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { env } from '../shared/env';
import { dynamo } from './client';
import type { AnyEntity } from './entities/lazy-entity';

/** A table key (`pk`, `sk`), as DynamoDB takes it. */
export type TableKey = Readonly<Record<string, string>>;

/** ElectroDB's entity marker attributes on every item it writes. */
export const entityNameAttribute = '__edb_e__';
export const entityVersionAttribute = '__edb_v__';

/** The table key of `entity`'s item with these composite attributes (no call). */
export function tableKey(entity: AnyEntity, composite: Readonly<Record<string, string>>): TableKey {
  return entity.get(composite).params().Key as TableKey;
}

/** Whether a raw item (a BatchGet answer, a stream image) is one of `entity`'s. */
export function isItemOf(entity: AnyEntity, item: Readonly<Record<string, unknown>> | undefined): boolean {
  const { model } = entity.schema as { model: { entity: string; version: string } };
  return item?.[entityNameAttribute] === model.entity && item?.[entityVersionAttribute] === model.version;
}

/** `entity`'s item from a raw item (attributes only, keys and markers dropped). */
export function parseItem(entity: AnyEntity, raw: Record<string, unknown>): unknown {
  return entity.parse({ Item: raw }).data;
}

const keyId = (key: TableKey) => `${key.pk}\u0000${key.sk}`;
const maxAttempts = 5;

/** The items found at `keys` (any entities, at most 100 keys), by key; unprocessed keys are asked for again. */
export interface BatchRead {
  get(key: TableKey): Record<string, unknown> | undefined;
}

/**
 * One strongly consistent BatchGetItem of items of different entities (ElectroDB batches one entity at a time): one
 * call for small items, and half the read units of a TransactGetItems.
 */
export async function batchGet(keys: readonly TableKey[]): Promise<BatchRead> {
  const table = env().TABLE_NAME;
  const found = new Map<string, Record<string, unknown>>();
  let pending: TableKey[] = [...keys];
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt === maxAttempts) throw new Error(`BatchGetItem left keys unprocessed ${maxAttempts} times`);
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 10 * 2 ** attempt));
    const result = await dynamo().send(
      new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: true } } }),
    );
    for (const item of result.Responses?.[table] ?? []) found.set(keyId(item as TableKey), item);
    pending = (result.UnprocessedKeys?.[table]?.Keys ?? []) as TableKey[];
  }
  return { get: (key) => found.get(keyId(key)) };
}
