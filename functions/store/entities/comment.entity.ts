import { Entity, type EntityItem } from 'electrodb';
import { lazyEntity } from './lazy-entity';

export const commentEntity = lazyEntity(
  (config) =>
    new Entity(
      {
        model: { service: 'nimbus', entity: 'comment', version: '1' },
        attributes: {
          id: { type: 'string', required: true },
          incidentId: { type: 'string', required: true },
          body: { type: 'string', required: true },
          visibility: { type: ['public', 'internal'] as const, required: true },
          authorId: { type: 'string', required: true },
          authorName: { type: 'string', required: true },
          createdAt: { type: 'string', required: true },
        },
        indexes: {
          primary: {
            pk: { field: 'pk', composite: ['incidentId'], casing: 'none' },
            sk: { field: 'sk', composite: ['id'], casing: 'none' },
          },
          /** What a requester may read: public comments only, as a key condition (no filter, no empty pages). */
          byVisibility: {
            index: 'gsi1',
            pk: { field: 'gsi1pk', composite: ['incidentId', 'visibility'], casing: 'none' },
            sk: { field: 'gsi1sk', composite: ['id'], casing: 'none' },
          },
        },
      } as const,
      config,
    ),
);

export type CommentItem = EntityItem<ReturnType<typeof commentEntity>>;
