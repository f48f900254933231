import { Entity, type EntityItem } from 'electrodb';
import { lazyEntity } from './lazy-entity';

/** Append-only: one item per change of a record, written in the same transaction as the change. */
export const auditEventEntity = lazyEntity(
  (config) =>
    new Entity(
      {
        model: { service: 'nimbus', entity: 'auditEvent', version: '1' },
        attributes: {
          id: { type: 'string', required: true },
          /** `incident`, `group`, … Absent on events written before it existed: derived from `recordId` then. */
          recordType: { type: 'string' },
          recordId: { type: 'string', required: true },
          action: { type: 'string', required: true },
          actorId: { type: 'string', required: true },
          actorName: { type: 'string', required: true },
          /** Automatic changes only (actor `system`): why Nimbus made the change. */
          actorReason: { type: 'string' },
          at: { type: 'string', required: true },
          visibility: { type: 'string' },
          /** `internal` for events about internal work notes, else `public`: requesters read the public ones. */
          audience: { type: ['public', 'internal'] as const, required: true },
          changes: { type: 'any', required: true },
          /** The record right after the change: a map of a few scalar fields (see domain/shared/audit.ts). */
          subject: { type: 'any' },
        },
        indexes: {
          primary: {
            pk: { field: 'pk', composite: ['recordId'], casing: 'none' },
            sk: { field: 'sk', composite: ['id'], casing: 'none' },
          },
          byAudience: {
            index: 'gsi1',
            pk: { field: 'gsi1pk', composite: ['recordId', 'audience'], casing: 'none' },
            sk: { field: 'gsi1sk', composite: ['id'], casing: 'none' },
          },
        },
      } as const,
      config,
    ),
);

export type AuditEventItem = EntityItem<ReturnType<typeof auditEventEntity>>;
