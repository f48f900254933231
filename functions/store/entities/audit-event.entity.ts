import { Entity, type EntityItem } from 'electrodb';

/** Append-only: one item per change of a record, written in the same transaction as the change. */
export const auditEventEntity = new Entity({
  model: { service: 'nimbus', entity: 'auditEvent', version: '1' },
  attributes: {
    id: { type: 'string', required: true },
    recordId: { type: 'string', required: true },
    action: { type: 'string', required: true },
    actorId: { type: 'string', required: true },
    actorName: { type: 'string', required: true },
    at: { type: 'string', required: true },
    visibility: { type: 'string' },
    /** `internal` for events about internal work notes, else `public`: requesters read the public ones. */
    audience: { type: ['public', 'internal'] as const, required: true },
    changes: { type: 'any', required: true },
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
} as const);

export type AuditEventItem = EntityItem<typeof auditEventEntity>;
