import type { Entity, EntityConfiguration, TransactGetEntity, TransactWriteEntity } from 'electrodb';
import { env } from '../../shared/env';
import { dynamo } from '../client';

// biome-ignore lint/suspicious/noExplicitAny: ElectroDB's own bound for "any entity"
export type AnyEntity = Entity<any, any, any, any>;

/** The entity as a transaction's items are made from it (ElectroDB types `check`/`commit` only there). */
export type WriteView<E extends AnyEntity> =
  E extends Entity<infer A, infer F, infer C, infer S> ? TransactWriteEntity<A, F, C, S> : never;
export type GetView<E extends AnyEntity> =
  E extends Entity<infer A, infer F, infer C, infer S> ? TransactGetEntity<A, F, C, S> : never;

/** An entity built on first use, bound to the process's client and table. */
export type LazyEntity<E extends AnyEntity> = () => E;

const built = new Set<{ reset(): void }>();

/**
 * Declares an entity without building it: ElectroDB validates a model when it constructs the entity, which costs a
 * few milliseconds per entity, so a function builds only the entities its requests touch, when they first do.
 */
export function lazyEntity<E extends AnyEntity>(build: (config: EntityConfiguration) => E): LazyEntity<E> {
  let entity: E | undefined;
  built.add({
    reset() {
      entity = undefined;
    },
  });
  return () => {
    entity ??= build({ client: dynamo(), table: env().TABLE_NAME });
    return entity;
  };
}

/** Tests and the local stack point the store at another client or table: entities are built again on next use. */
export function resetEntities(): void {
  for (const entity of built) entity.reset();
}
