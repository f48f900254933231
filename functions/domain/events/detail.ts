import type { AuditEvent, ChangeActor, FieldChange } from '../shared/audit';
import { catalogue, type DetailType, kebabOf } from './catalogue';
import type { DomainEvent } from './ports';

/**
 * Deterministic: the audit event's id and the detail-type. A redelivered audit event yields events with the same
 * ids, so subscribers de-duplicate on `detail.eventId`; one audit event never yields two events of one detail-type.
 */
export function eventIdOf(auditEventId: string, detailType: DetailType): string {
  return `${auditEventId}.${kebabOf(detailType)}`;
}

/** Who made the change: id and username, and the reason when Nimbus made it on its own. */
export function actorOf(actor: ChangeActor) {
  const reason = actor.system?.reason;
  return {
    id: String(actor.id),
    username: String(actor.username),
    ...(actor.system ? { system: { reason: typeof reason === 'string' ? reason : '' } } : {}),
  };
}

/**
 * One domain event of `event`: the fields every detail carries around the detail-type's own. Callers pass only
 * values they picked one by one — never a record, a subject or a change's value wholesale, so a new field of the
 * record cannot leak into the bus.
 */
export function domainEvent(
  event: AuditEvent,
  detailType: DetailType,
  fields: Readonly<Record<string, unknown>>,
): DomainEvent {
  return {
    detailType,
    time: event.at,
    detail: {
      schemaVersion: catalogue[detailType].schemaVersion,
      eventId: eventIdOf(event.id, detailType),
      recordType: event.recordType,
      recordId: event.recordId,
      ...fields,
      actor: actorOf(event.actor),
      occurredAt: event.at,
    },
  };
}

export const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
export const flag = (value: unknown): boolean | null => (typeof value === 'boolean' ? value : null);

/** `{ id }` of a user reference in a change (`{ id, username }`), or null. */
export function userIdOf(value: unknown): string | null {
  return value !== null && typeof value === 'object' ? text((value as { id?: unknown }).id) : null;
}

export function changeOf(event: AuditEvent, field: string): FieldChange | undefined {
  return event.changes.find((c) => c.field === field);
}

/** The names of the changed fields, each once, in the order of the event — never their values. */
export function fieldNames(changes: readonly FieldChange[]): string[] {
  return [...new Set(changes.map((c) => String(c.field)))];
}

/** `group:service-desk` → `service-desk`; an id without the record type's prefix stays as it is. */
export function idWithin(recordId: string, recordType: string): string {
  const prefix = `${recordType}:`;
  return recordId.startsWith(prefix) ? recordId.slice(prefix.length) : recordId;
}

/**
 * Where the record stood right after the change, from the audit event's subject snapshot (null when the record has
 * no such field). Titles, descriptions and requester names in the subject stay out: they may hold personal data.
 */
export function ticketSnapshot(event: AuditEvent) {
  const subject = event.subject ?? {};
  return {
    number: text(subject.number),
    status: text(subject.status),
    priority: text(subject.priority),
    assignmentGroup: text(subject.assignmentGroup),
    assignee: text(subject.assignee),
  };
}
