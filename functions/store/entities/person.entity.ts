import { Entity, type EntityItem } from 'electrodb';
import { lazyEntity } from './lazy-entity';

/** A person of the directory (`functions/domain/people`), by id: a Cognito `sub` or, e-mail-only, a ULID. */
export const personEntity = lazyEntity(
  (config) =>
    new Entity(
      {
        model: { service: 'nimbus', entity: 'person', version: '1' },
        attributes: {
          id: { type: 'string', required: true },
          username: { type: 'string', required: true },
          name: { type: 'string', required: true },
          email: { type: 'string' },
          source: { type: ['user', 'email'] as const, required: true },
          active: { type: 'boolean', required: true },
          createdAt: { type: 'string', required: true },
          updatedAt: { type: 'string', required: true },
          seenOn: { type: 'string' },
          /** The roles the identity provider last gave the user (decision 0038): what a calendar feed serves. */
          roles: { type: 'list', items: { type: 'string' } },
          version: { type: 'number', required: true },
          /** The tokens indexed as personToken items, so a write deletes exactly the stale ones. */
          searchTokens: { type: 'list', items: { type: 'string' }, required: true },
        },
        indexes: {
          primary: {
            pk: { field: 'pk', composite: ['id'], casing: 'none' },
            sk: { field: 'sk', composite: [], casing: 'none' },
          },
        },
      } as const,
      config,
    ),
);

export type PersonItem = EntityItem<ReturnType<typeof personEntity>>;
