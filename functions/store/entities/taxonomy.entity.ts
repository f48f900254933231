import { Entity, type EntityConfiguration, type EntityItem } from 'electrodb';
import { lazyEntity } from './lazy-entity';

/**
 * Categories (a two-level tree: a subcategory's id is `<parent>.<slug>`) and business services. Both are
 * admin-managed reference data that incidents point at; retired ones (`active: false`) stay readable.
 */
const taxonomyModel = (entity: 'category' | 'service', config: EntityConfiguration) =>
  new Entity(
    {
      model: { service: 'nimbus', entity, version: '1' },
      attributes: {
        id: { type: 'string', required: true },
        name: { type: 'string', required: true },
        description: { type: 'string' },
        /** Categories only: the top-level category a subcategory belongs to. */
        parentId: { type: 'string' },
        /** Services only: the group that supports the service. */
        ownerGroup: { type: 'string' },
        active: { type: 'boolean', required: true },
        createdAt: { type: 'string', required: true },
        updatedAt: { type: 'string', required: true },
        version: { type: 'number', required: true },
        kind: { type: 'string', required: true, default: entity },
      },
      indexes: {
        primary: {
          pk: { field: 'pk', composite: ['id'], casing: 'none' },
          sk: { field: 'sk', composite: [], casing: 'none' },
        },
        /** Every category (or service) in one Query, ordered by id: a subcategory sorts right after its parent. */
        all: {
          index: 'gsi5',
          pk: { field: 'gsi5pk', composite: ['kind'], casing: 'none' },
          sk: { field: 'gsi5sk', composite: ['id'], casing: 'none' },
        },
      },
    } as const,
    config,
  );

export const categoryEntity = lazyEntity((config) => taxonomyModel('category', config));
export const serviceEntity = lazyEntity((config) => taxonomyModel('service', config));

export type TaxonomyItem = EntityItem<ReturnType<typeof categoryEntity>>;
