import { Entity, type EntityItem } from 'electrodb';
import { lazyEntity } from './lazy-entity';

/**
 * What the SLA report counts for one clock of an incident (decision 0021): in the incident's partition (same `id`
 * composite, so the same pk), sk by clock kind. Written only by the report consumer, conditional on `version`, in
 * the same transaction as the bucket counters it changes; `lastEventId` makes a redelivered event a no-op.
 */
export const slaReportContributionEntity = lazyEntity(
  (config) =>
    new Entity(
      {
        model: { service: 'nimbus', entity: 'slaReportContribution', version: '1' },
        attributes: {
          id: { type: 'string', required: true },
          kind: { type: 'string', required: true },
          lastEventId: { type: 'string', required: true },
          clock: { type: 'any' },
          contribution: { type: 'any', required: true },
          version: { type: 'number', required: true },
        },
        indexes: {
          primary: {
            pk: { field: 'pk', composite: ['id'], casing: 'none' },
            sk: { field: 'sk', composite: ['kind'], casing: 'none' },
          },
        },
      } as const,
      config,
    ),
);

export type SlaReportContributionItem = EntityItem<ReturnType<typeof slaReportContributionEntity>>;
