import { Entity, type EntityItem } from 'electrodb';
import { lazyEntity } from './lazy-entity';

/**
 * SLA report counters (decision 0021), one item per (scope, UTC day, priority, group). Every bucket is written under
 * two scopes in the same transaction: `group:<id>` (or `group:(unassigned)`) and `all`, so a report over a range of
 * days is one Query on one partition: `all` for every group (its sort key keeps the group, for breaches by group),
 * `group:<id>` for one.
 */
export const slaReportBucketEntity = lazyEntity(
  (config) =>
    new Entity(
      {
        model: { service: 'nimbus', entity: 'slaReportBucket', version: '1' },
        attributes: {
          scope: { type: 'string', required: true },
          day: { type: 'string', required: true },
          priority: { type: 'string', required: true },
          group: { type: 'string', required: true },
          responseMet: { type: 'number' },
          responseBreached: { type: 'number' },
          resolutionMet: { type: 'number' },
          resolutionBreached: { type: 'number' },
          acknowledgeSeconds: { type: 'number' },
          acknowledgeCount: { type: 'number' },
          resolveSeconds: { type: 'number' },
          resolveCount: { type: 'number' },
        },
        indexes: {
          primary: {
            pk: { field: 'pk', composite: ['scope'], casing: 'none' },
            sk: { field: 'sk', composite: ['day', 'priority', 'group'], casing: 'none' },
          },
        },
      } as const,
      config,
    ),
);

export type SlaReportBucketItem = EntityItem<ReturnType<typeof slaReportBucketEntity>>;
