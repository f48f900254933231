import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../../functions/domain/shared/audit';
import {
  auditEventFromImage,
  auditEventFromItem,
  auditEventToItem,
  recordTypeOf,
} from '../../../functions/store/audit-events';
import { auditEventEntity } from '../../../functions/store/entities/audit-event.entity';

const event: AuditEvent = {
  id: '01JNV8C0000000000000000001',
  recordType: 'incident',
  recordId: '01JNV8A0000000000000000001',
  action: 'updated',
  actor: { id: 'system', username: 'nimbus', system: { reason: 'workflow change-approval' } },
  at: '2025-03-04T10:00:00.000Z',
  changes: [{ field: 'status', before: 'new', after: 'in_progress' }],
  subject: { number: 'INC0001001', status: 'in_progress', assignee: null },
};

describe('audit event items', () => {
  it('store and read back the record type, the system reason and the subject', () => {
    const item = auditEventToItem(event);
    expect(item).toMatchObject({ recordType: 'incident', actorReason: 'workflow change-approval', audience: 'public' });
    expect(auditEventFromItem(item)).toEqual(event);
  });

  it('keep trails other than incidents and internal notes out of the public index', () => {
    expect(auditEventToItem({ ...event, recordType: 'group', recordId: 'group:network' }).audience).toBe('internal');
    expect(auditEventToItem({ ...event, visibility: 'internal' }).audience).toBe('internal');
  });

  it.each([
    ['group:network', 'group'],
    ['category:network.wifi', 'category'],
    ['service:vpn', 'service'],
    ['routing-rules', 'routing-rules'],
    ['01JNV8A0000000000000000001', 'incident'],
    ['something-else', 'unknown'],
  ])('derive the record type of an old event of %s', (recordId, recordType) => {
    expect(recordTypeOf(recordId)).toBe(recordType);
    const { recordType: _absent, ...old } = auditEventToItem({ ...event, recordId });
    expect(auditEventFromItem(old).recordType).toBe(recordType);
  });

  it('decode a stream image of an audit event, and nothing else', () => {
    const params = auditEventEntity().create(auditEventToItem(event)).params() as { Item: Record<string, unknown> };
    expect(auditEventFromImage(params.Item)).toEqual(event);
    expect(auditEventFromImage({ ...params.Item, __edb_e__: 'incident' })).toBeUndefined();
  });
});
