import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type { AuditEvent } from '../domain/shared/audit';
import { auditEventFromImage } from '../store/audit-events';
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

/** Decodes a record the stream filter let through; undefined for anything else (skipped, never an error). */
export function decodeRecord(record: DynamoDBRecord): Dispatched | undefined {
  const raw = record.dynamodb?.NewImage;
  if (!raw) return undefined;
  const image = unmarshall(raw as Parameters<typeof unmarshall>[0]) as Image;
  const entity = image[entityMarker];
  if (record.eventName === 'INSERT' && entity === 'auditEvent') {
    const event = auditEventFromImage(image);
    return event && { kind: 'audit', event };
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
