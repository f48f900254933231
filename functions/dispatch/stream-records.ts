import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type { AuditEvent, SubjectValue } from '../domain/shared/audit';
import { entityMarker } from './stream-filter';

/** What one dispatched stream record asks for. */
export type Dispatched =
  | { readonly kind: 'audit'; readonly event: AuditEvent }
  | {
      readonly kind: 'redrive';
      readonly deadLetterId: string;
      readonly consumer: string;
      readonly recordId: string;
      readonly eventId: string;
    };

type Image = Record<string, unknown>;

/** Audit events written before record types were stored: the record id says what it is. */
export function recordTypeOf(recordId: string): string {
  if (recordId === 'routing-rules') return 'routing-rules';
  const prefix = /^([a-z][a-z-]*):/.exec(recordId)?.[1];
  return prefix ?? 'incident';
}

/** The domain event of an audit item's stream image (the store's attribute names; see audit-event.entity.ts). */
export function auditEventFromImage(image: Image): AuditEvent {
  const reason = typeof image.actorReason === 'string' ? image.actorReason : undefined;
  const recordId = String(image.recordId);
  return {
    id: String(image.id),
    recordType: typeof image.recordType === 'string' ? image.recordType : recordTypeOf(recordId),
    recordId,
    action: String(image.action),
    actor: {
      id: String(image.actorId),
      username: String(image.actorName),
      ...(reason ? { system: { reason } } : {}),
    },
    at: String(image.at),
    changes: Array.isArray(image.changes) ? (image.changes as AuditEvent['changes']) : [],
    ...(image.visibility === 'public' || image.visibility === 'internal' ? { visibility: image.visibility } : {}),
    ...(image.subject && typeof image.subject === 'object'
      ? { subject: image.subject as Record<string, SubjectValue> }
      : {}),
  };
}

/** Decodes a record the stream filter let through; undefined for anything else (skipped, never an error). */
export function decodeRecord(record: DynamoDBRecord): Dispatched | undefined {
  const raw = record.dynamodb?.NewImage;
  if (!raw) return undefined;
  const image = unmarshall(raw as Parameters<typeof unmarshall>[0]) as Image;
  const entity = image[entityMarker];
  if (record.eventName === 'INSERT' && entity === 'auditEvent') {
    return { kind: 'audit', event: auditEventFromImage(image) };
  }
  if (record.eventName === 'MODIFY' && entity === 'deadLetter' && image.state === 'redrive') {
    return {
      kind: 'redrive',
      deadLetterId: String(image.id),
      consumer: String(image.consumer),
      recordId: String(image.recordId),
      eventId: String(image.eventId),
    };
  }
  return undefined;
}
