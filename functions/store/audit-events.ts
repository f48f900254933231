/**
 * The one audit-event item: every practice's events are stored alike, and read back (by the history APIs and by the
 * after-commit dispatcher from the stream) into the one shape of domain/shared/audit.ts.
 */
import type { AuditEvent, ChangeActor, SubjectValue } from '../domain/shared/audit';
import { ulidPattern } from '../domain/shared/ids';
import { type AuditEventItem, auditEventEntity } from './entities/audit-event.entity';
import { isItemOf } from './keys';

/** Record types whose trail requesters may read (their public events); every other trail is for the desk only. */
const publicTrails: ReadonlySet<string> = new Set(['incident']);

export function auditEventToItem(event: AuditEvent): AuditEventItem {
  const { actor, changes, subject, visibility, ...rest } = event;
  const readable = publicTrails.has(event.recordType) && visibility !== 'internal';
  return {
    ...rest,
    actorId: actor.id,
    actorName: actor.username,
    ...(actor.system ? { actorReason: actor.system.reason } : {}),
    ...(visibility ? { visibility } : {}),
    audience: readable ? 'public' : 'internal',
    changes: [...changes],
    ...(subject ? { subject: { ...subject } } : {}),
  };
}

/** The record type of an event stored before events carried one, from the shape of its record id. */
export function recordTypeOf(recordId: string): string {
  if (recordId === 'routing-rules') return 'routing-rules';
  const prefix = /^(group|category|service):/.exec(recordId);
  if (prefix) return prefix[1];
  return ulidPattern.test(recordId) ? 'incident' : 'unknown';
}

/** The event in a stable field order, from a stored item (old items without `recordType` included). */
export function auditEventFromItem<A extends string = string>(item: AuditEventItem): AuditEvent<A> {
  const actor: ChangeActor = {
    id: item.actorId,
    username: item.actorName,
    ...(item.actorReason ? { system: { reason: item.actorReason } } : {}),
  };
  return {
    id: item.id,
    recordType: item.recordType ?? recordTypeOf(item.recordId),
    recordId: item.recordId,
    action: item.action as A,
    actor,
    at: item.at,
    ...(item.visibility ? { visibility: item.visibility as 'public' | 'internal' } : {}),
    changes: item.changes as AuditEvent['changes'],
    ...(item.subject ? { subject: item.subject as Readonly<Record<string, SubjectValue>> } : {}),
  };
}

/**
 * The audit event in a raw item — a stream record's unmarshalled NewImage — or undefined when the item is not an
 * audit event (the dispatcher's decoding step).
 */
export function auditEventFromImage(image: Readonly<Record<string, unknown>>): AuditEvent | undefined {
  const entity = auditEventEntity();
  if (!isItemOf(entity, image)) return undefined;
  return auditEventFromItem(entity.parse({ Item: { ...image } }).data as AuditEventItem);
}
