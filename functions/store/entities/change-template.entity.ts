import { Entity, type EntityItem } from 'electrodb';
import { lazyEntity } from './lazy-entity';

/** A standard-change template (functions/domain/changes/templates.ts); listed in creation order on gsi5. */
export const changeTemplateEntity = lazyEntity(
  (config) =>
    new Entity(
      {
        model: { service: 'nimbus', entity: 'changeTemplate', version: '1' },
        attributes: {
          id: { type: 'string', required: true },
          name: { type: 'string', required: true },
          description: { type: 'string', required: true },
          title: { type: 'string', required: true },
          implementationPlan: { type: 'string', required: true },
          backoutPlan: { type: 'string', required: true },
          testPlan: { type: 'string', required: true },
          services: { type: 'any', required: true },
          cis: { type: 'any', required: true },
          defaultDurationMinutes: { type: 'number', required: true },
          active: { type: 'boolean', required: true },
          createdAt: { type: 'string', required: true },
          updatedAt: { type: 'string', required: true },
          version: { type: 'number', required: true },
          kind: { type: 'string', required: true, default: 'change-template' },
        },
        indexes: {
          primary: {
            pk: { field: 'pk', composite: ['id'], casing: 'none' },
            sk: { field: 'sk', composite: [], casing: 'none' },
          },
          all: {
            index: 'gsi5',
            pk: { field: 'gsi5pk', composite: ['kind'], casing: 'none' },
            sk: { field: 'gsi5sk', composite: ['id'], casing: 'none' },
          },
        },
      } as const,
      config,
    ),
);

export type ChangeTemplateItem = EntityItem<ReturnType<typeof changeTemplateEntity>>;
