import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catalogue } from '../../../../functions/domain/events/catalogue';
import { domainEventsOf } from '../../../../functions/domain/events/domain-events';
import type { AuditEvent, FieldChange } from '../../../../functions/domain/shared/audit';
import { anyAuditEvent, secret } from '../../support/audit-events';

const at = '2025-03-04T10:00:00.000Z';
const bob = { id: 'user-bob', username: 'bob' };
const subject = {
  number: 'INC0001001',
  title: 'Printer on fire, call Jane Doe on +44 20 7946 0000',
  status: 'in_progress',
  priority: 'P3',
  assignmentGroup: 'service-desk',
  assignee: 'user-bob',
  requesterId: 'user-alice',
  requesterName: 'Alice Example',
  major: false,
  parentId: null,
};

function incident(action: string, changes: FieldChange[], extra: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id: '01JNV8A0000000000000000001',
    recordType: 'incident',
    recordId: '01JNV8A0000000000000000100',
    action,
    actor: bob,
    at,
    changes,
    subject,
    ...extra,
  };
}

const c = (field: string, before: unknown, after: unknown): FieldChange => ({ field, before, after });
const typesOf = (event: AuditEvent) => domainEventsOf(event).map((e) => e.detailType);
const detailOf = (event: AuditEvent, detailType: string) =>
  domainEventsOf(event).find((e) => e.detailType === detailType)?.detail;

describe('domainEventsOf — incidents', () => {
  it('announces a new incident with ids, number, status, priority, group and actor — not its title', () => {
    const events = domainEventsOf(
      incident('created', [c('title', null, subject.title), c('category', null, 'hardware'), c('status', null, 'new')]),
    );

    expect(events).toEqual([
      {
        detailType: 'Incident Created',
        time: at,
        detail: {
          schemaVersion: 1,
          eventId: '01JNV8A0000000000000000001.incident-created',
          recordType: 'incident',
          recordId: '01JNV8A0000000000000000100',
          number: 'INC0001001',
          status: 'in_progress',
          priority: 'P3',
          assignmentGroup: 'service-desk',
          assignee: 'user-bob',
          major: false,
          requesterId: 'user-alice',
          category: 'hardware',
          service: null,
          actor: { id: 'user-bob', username: 'bob' },
          occurredAt: at,
        },
      },
    ]);
  });

  it('yields one event per kind of change: a new status and a new assignee are two events', () => {
    const event = incident('updated', [c('status', 'new', 'in_progress'), c('assignee', null, 'user-bob')]);

    expect(typesOf(event)).toEqual(['Incident Status Changed', 'Incident Assigned']);
    expect(detailOf(event, 'Incident Status Changed')).toMatchObject({ change: { from: 'new', to: 'in_progress' } });
    expect(detailOf(event, 'Incident Assigned')).toMatchObject({
      change: {
        from: { assignmentGroup: 'service-desk', assignee: null },
        to: { assignmentGroup: 'service-desk', assignee: 'user-bob' },
      },
    });
  });

  it('tells a resolution by its code, never by its notes, in the one status event', () => {
    const event = incident('updated', [
      c('status', 'in_progress', 'resolved'),
      c('resolutionCode', null, 'solved_workaround'),
      c('resolutionNotes', null, 'Rebooted; Jane Doe says thanks'),
      c('resolvedAt', null, at),
      c('resolvedBy', null, 'user-bob'),
    ]);

    expect(typesOf(event)).toEqual(['Incident Status Changed']);
    expect(detailOf(event, 'Incident Status Changed')).toMatchObject({
      change: { from: 'in_progress', to: 'resolved' },
      resolutionCode: 'solved_workaround',
    });
    expect(JSON.stringify(domainEventsOf(event))).not.toContain('Jane');
  });

  it('marks a reopening and says why an incident is on hold', () => {
    const reopen = incident('updated', [c('status', 'resolved', 'in_progress'), c('reopenCount', 0, 1)]);
    const hold = incident('updated', [c('status', 'in_progress', 'on_hold'), c('holdReason', null, 'awaiting_vendor')]);

    expect(typesOf(reopen)).toEqual(['Incident Status Changed']);
    expect(detailOf(reopen, 'Incident Status Changed')).toMatchObject({ reopened: true });
    expect(detailOf(hold, 'Incident Status Changed')).toMatchObject({ holdReason: 'awaiting_vendor' });
    expect(detailOf(hold, 'Incident Status Changed')).not.toHaveProperty('reopened');
  });

  it('declares a major incident with its new priority, and stands it down', () => {
    const declare = incident('updated', [
      c('priority', 'P3', 'P1'),
      c('priorityReason', null, 'Major incident'),
      c('major', false, true),
    ]);
    const standDown = incident('updated', [c('priority', 'P1', 'P3'), c('major', true, false)]);

    expect(typesOf(declare)).toEqual(['Incident Priority Changed', 'Major Incident Declared']);
    expect(detailOf(declare, 'Incident Priority Changed')).toMatchObject({ change: { from: 'P3', to: 'P1' } });
    expect(typesOf(standDown)).toEqual(['Incident Priority Changed', 'Major Incident Stood Down']);
  });

  it('re-rating impact or urgency is a priority change when the priority moves, else an update', () => {
    const rerated = incident('updated', [c('impact', 3, 1), c('priority', 'P3', 'P2')]);
    const same = incident('updated', [c('impact', 3, 2), c('urgency', 1, 2)]);

    expect(typesOf(rerated)).toEqual(['Incident Priority Changed']);
    expect(typesOf(same)).toEqual(['Incident Updated']);
    expect(detailOf(same, 'Incident Updated')).toMatchObject({ fields: ['impact', 'urgency'] });
  });

  it('lists the other changed fields by name only', () => {
    const event = incident('updated', [
      c('title', 'Old title', 'New title with a phone number'),
      c('description', 'x', 'Call Jane Doe'),
      c('status', 'new', 'in_progress'),
      c('ciId', null, '01JNV8A0000000000000000999'),
    ]);

    expect(typesOf(event)).toEqual(['Incident Status Changed', 'Incident Updated']);
    expect(detailOf(event, 'Incident Updated')).toMatchObject({ fields: ['title', 'description', 'ciId'] });
    const published = JSON.stringify(domainEventsOf(event));
    for (const leak of ['Old title', 'phone', 'Jane', 'Printer', 'Alice Example'])
      expect(published).not.toContain(leak);
  });

  it('moving a ticket to another group tells both sides of the assignment', () => {
    const event = incident(
      'updated',
      [c('assignmentGroup', 'service-desk', 'network'), c('assignee', 'user-bob', null)],
      { subject: { ...subject, assignmentGroup: 'network', assignee: null } },
    );

    expect(detailOf(event, 'Incident Assigned')).toMatchObject({
      assignmentGroup: 'network',
      assignee: null,
      change: {
        from: { assignmentGroup: 'service-desk', assignee: 'user-bob' },
        to: { assignmentGroup: 'network', assignee: null },
      },
    });
  });

  it('announces a comment by id, visibility and author, never its body; a major update names the major incident', () => {
    const plain = incident('commented', [c('comment', null, '01JNV8A0000000000000000200')], {
      visibility: 'internal',
    });
    const update = incident(
      'commented',
      [
        c('comment', null, '01JNV8A0000000000000000201'),
        c('majorUpdate', null, { id: '01JNV8A0000000000000000300', number: 'INC0000900' }),
      ],
      { visibility: 'public' },
    );

    expect(detailOf(plain, 'Comment Added')).toMatchObject({
      commentId: '01JNV8A0000000000000000200',
      visibility: 'internal',
      actor: bob,
    });
    expect(detailOf(plain, 'Comment Added')).not.toHaveProperty('majorIncident');
    expect(detailOf(update, 'Comment Added')).toMatchObject({
      visibility: 'public',
      majorIncident: { id: '01JNV8A0000000000000000300', number: 'INC0000900' },
    });
  });

  it('names watchers and linked incidents by id and number', () => {
    const watcher = { id: 'user-carl', username: 'Carl Watcher' };
    const link = { type: 'child_of', targetNumber: 'INC0000900' };

    expect(detailOf(incident('watcher_added', [c('watcher', null, watcher)]), 'Watcher Added')).toMatchObject({
      watcherId: 'user-carl',
    });
    expect(
      detailOf(incident('watcher_removed', [c('watcher', { id: 'user-carl' }, null)]), 'Watcher Removed'),
    ).toMatchObject({ watcherId: 'user-carl' });
    expect(
      detailOf(incident('linked', [c('link', null, link), c('parentNumber', null, 'INC0000900')]), 'Incident Linked'),
    ).toMatchObject({ link });
    expect(detailOf(incident('unlinked', [c('link', link, null)]), 'Incident Unlinked')).toMatchObject({ link });
    expect(JSON.stringify(domainEventsOf(incident('watcher_added', [c('watcher', null, watcher)])))).not.toContain(
      'Carl',
    );
  });

  it('says when Nimbus made the change itself, and why', () => {
    const event = incident('updated', [c('assignmentGroup', null, 'network')], {
      actor: { id: 'nimbus', username: 'nimbus', system: { reason: 'Routing rule: Network outages' } },
    });

    expect(detailOf(event, 'Incident Assigned')).toMatchObject({
      actor: { id: 'nimbus', username: 'nimbus', system: { reason: 'Routing rule: Network outages' } },
    });
  });

  it('announces an SLA warning and breach with the clock, its policy and due time, by the SLA system actor', () => {
    const sla = { id: 'system', username: 'nimbus', system: { reason: 'SLA' } };
    const clock = { kind: 'resolution', policyId: 'p3', dueAt: '2025-03-04T18:00:00.000Z', state: 'running' };
    const warned = incident('sla_warned', [c('clock.resolution', clock, { ...clock, warnedAt: at })], { actor: sla });
    const breached = incident('sla_breached', [c('clock.resolution', clock, { ...clock, breachedAt: at })], {
      actor: sla,
    });

    expect(typesOf(warned)).toEqual(['SLA Warning']);
    expect(detailOf(breached, 'SLA Breached')).toMatchObject({
      number: 'INC0001001',
      priority: 'P3',
      clock: { kind: 'resolution', policyId: 'p3', dueAt: '2025-03-04T18:00:00.000Z' },
      actor: sla,
    });
  });

  it('still announces an update that recorded no change', () => {
    expect(domainEventsOf(incident('updated', []))).toMatchObject([
      { detailType: 'Incident Updated', detail: { fields: [] } },
    ]);
  });
});

describe('domainEventsOf — groups and reference data', () => {
  const record = (recordType: string, recordId: string, action: string, changes: FieldChange[]): AuditEvent => ({
    id: '01JNV8A0000000000000000002',
    recordType,
    recordId,
    action,
    actor: bob,
    at,
    changes,
  });

  it('announces groups, their changes and their members by id', () => {
    const created = record('group', 'group:network', 'created', [
      c('name', null, 'Network team'),
      c('manager', null, bob),
      c('active', null, true),
    ]);
    const retired = record('group', 'group:network', 'updated', [c('active', true, false)]);
    const renamed = record('group', 'group:network', 'updated', [c('name', 'Network team', 'Networks')]);
    const joined = record('group', 'group:network', 'member_added', [c('member', null, { id: 'u-1', username: 'x' })]);
    const left = record('group', 'group:network', 'member_removed', [c('member', { id: 'u-1', username: 'x' }, null)]);

    expect(domainEventsOf(created)).toMatchObject([
      {
        detailType: 'Group Created',
        detail: { groupId: 'network', fields: ['name', 'manager', 'active'], active: true },
      },
    ]);
    expect(domainEventsOf(retired)).toMatchObject([{ detailType: 'Group Updated', detail: { active: false } }]);
    expect(domainEventsOf(renamed)[0].detail).not.toHaveProperty('active');
    expect(JSON.stringify(domainEventsOf(renamed))).not.toContain('Networks');
    expect(domainEventsOf(joined)).toMatchObject([
      { detailType: 'Group Member Added', detail: { groupId: 'network', memberId: 'u-1' } },
    ]);
    expect(domainEventsOf(left)).toMatchObject([
      { detailType: 'Group Member Removed', detail: { groupId: 'network', memberId: 'u-1' } },
    ]);
  });

  it('announces categories, services and routing rules', () => {
    expect(
      domainEventsOf(record('category', 'category:network.wifi', 'updated', [c('active', true, false)])),
    ).toMatchObject([{ detailType: 'Category Updated', detail: { categoryId: 'network.wifi', active: false } }]);
    expect(domainEventsOf(record('service', 'service:email', 'created', [c('name', null, 'E-mail')]))).toMatchObject([
      { detailType: 'Service Created', detail: { serviceId: 'email', fields: ['name'] } },
    ]);
    expect(
      domainEventsOf(
        record('routing-rules', 'routing-rules', 'deleted', [
          c('rules.01JNV8A0000000000000000400.name', 'VIP', null),
          c('rules.01JNV8A0000000000000000400.position', 2, null),
        ]),
      ),
    ).toMatchObject([
      {
        detailType: 'Routing Rules Changed',
        detail: { action: 'deleted', ruleIds: ['01JNV8A0000000000000000400'] },
      },
    ]);
  });

  it('announces what the catalogue does not know as Record Changed: action and field names, nothing else', () => {
    const change = record('change', '01JNV8A0000000000000000500', 'voted', [c('cabNotes', null, 'fine by Jane')]);
    const events = domainEventsOf({ ...change, subject: { number: 'CHG0000001', title: 'Jane', status: 'approved' } });

    expect(events).toMatchObject([
      {
        detailType: 'Record Changed',
        detail: { recordType: 'change', action: 'voted', fields: ['cabNotes'], number: 'CHG0000001' },
      },
    ]);
    expect(JSON.stringify(events)).not.toContain('Jane');
    expect(typesOf(record('category', 'category:x', 'deleted', []))).toEqual(['Record Changed']);
    expect(typesOf(incident('escalated', []))).toEqual(['Record Changed']);
    expect(typesOf(record('group', 'group:x', 'toString', []))).toEqual(['Record Changed']);
  });
});

describe('domainEventsOf — change approvals', () => {
  const decision = (action: string, approval: Record<string, unknown>): AuditEvent => ({
    id: '01JNV8A0000000000000000003',
    recordType: 'change',
    recordId: '01JNV8A0000000000000000600',
    action,
    actor: bob,
    at,
    changes: [
      c('status', 'authorize', action === 'approved' ? 'scheduled' : 'rejected'),
      c('approval', { ...approval, state: 'pending' }, approval),
    ],
    subject: { number: 'CHG0001001', title: 'Jane', type: 'normal', status: 'scheduled', riskLevel: 'high' },
  });

  it('announces an applied approval as Change Approved with the round and path, no free text', () => {
    const events = domainEventsOf(
      decision('approved', { round: 2, path: 'cab', state: 'approved', reason: 'Jane ok' }),
    );
    expect(events).toMatchObject([
      {
        detailType: 'Change Approved',
        detail: { recordType: 'change', number: 'CHG0001001', riskLevel: 'high', round: 2, path: 'cab' },
      },
    ]);
    expect(JSON.stringify(events)).not.toContain('Jane');
  });

  it('announces a rejection and an expiry as Change Rejected, telling them apart', () => {
    const rejected = domainEventsOf(
      decision('rejected', { round: 1, path: 'ecab', state: 'rejected', reason: 'Jane' }),
    );
    const expired = domainEventsOf(decision('expired', { round: 1, path: 'cab', state: 'expired', reason: 'expired' }));
    expect(rejected).toMatchObject([{ detailType: 'Change Rejected', detail: { expired: false, path: 'ecab' } }]);
    expect(expired).toMatchObject([{ detailType: 'Change Rejected', detail: { expired: true } }]);
    expect(JSON.stringify(rejected)).not.toContain('Jane');
  });
});

describe('domainEventsOf — properties', () => {
  it('announces every audit event with at least one event, each id distinct and from the catalogue', () => {
    fc.assert(
      fc.property(anyAuditEvent, (event) => {
        const events = domainEventsOf(event);
        expect(events.length).toBeGreaterThan(0);
        const ids = events.map((e) => e.detail.eventId);
        expect(new Set(ids).size).toBe(ids.length);
        for (const e of events) {
          expect(Object.keys(catalogue)).toContain(e.detailType);
          expect(e.time).toBe(event.at);
          expect(e.detail).toMatchObject({
            recordId: event.recordId,
            recordType: event.recordType,
            occurredAt: event.at,
          });
        }
      }),
      { numRuns: 500 },
    );
  });

  it('is deterministic: a redelivered audit event yields the same events with the same ids', () => {
    fc.assert(
      fc.property(anyAuditEvent, (event) => {
        expect(domainEventsOf(structuredClone(event))).toEqual(domainEventsOf(event));
      }),
    );
  });

  it('never publishes free text: titles, descriptions, notes, names', () => {
    fc.assert(
      fc.property(anyAuditEvent, (event) => {
        expect(JSON.stringify(domainEventsOf(event))).not.toContain(secret);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws, whatever the changes and the subject hold', () => {
    const junk = fc.record({
      id: fc.string(),
      recordType: fc.constantFrom('incident', 'group', 'category', 'service', 'routing-rules', '__proto__', ''),
      recordId: fc.string(),
      action: fc.oneof(
        fc.constantFrom('created', 'updated', 'commented', 'watcher_added', 'linked', 'member_added', 'constructor'),
        fc.string(),
      ),
      actor: fc.record({ id: fc.string(), username: fc.string() }),
      at: fc.string(),
      changes: fc.array(
        fc.record({
          field: fc.constantFrom('status', 'assignee', 'major', 'watcher', 'link', 'member', 'majorUpdate', 'comment'),
          before: fc.anything(),
          after: fc.anything(),
        }),
      ),
      subject: fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null))),
    });
    fc.assert(
      fc.property(junk, (event) => {
        expect(domainEventsOf(event as AuditEvent).length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });
});
