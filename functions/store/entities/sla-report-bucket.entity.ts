import { Entity, type EntityItem } from 'electrodb';
import { lazyEntity } from './lazy-entity';

/**
 * SLA report counters (pk = scope, sk = day + priority) per (day of metAt, priority) under one scope: an assignment group (or `unassigned`) and
 * `all`, written in the same transaction, so a report over a date range is one Query on one partition.
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
            sk: { field: 'sk', composite: ['day', 'priority'], casing: 'none' },
          },
        },
      } as const,
      config,
    ),
);

export type SlaReportBucketItem = EntityItem<ReturnType<typeof slaReportBucketEntity>>;
