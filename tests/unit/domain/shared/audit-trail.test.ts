import { describe, expect, it } from 'vitest';
import { incidentRecord } from '../../../../functions/domain/incidents/subject';
import { type Actor, isSystemActor, systemActor } from '../../../../functions/domain/shared/actor';
import { actorRef, eventBy, userRef } from '../../../../functions/domain/shared/audit-trail';
import { referenceError } from '../../../../functions/domain/shared/references';
import { anIncident } from '../../support/incidents';

const ids = { next: () => '01JNV8C0000000000000000001' };
const alice: Actor = { id: 'user-alice', username: 'alice', roles: ['requester'] };

describe('the system actor', () => {
  it('records automatic changes as Nimbus, with the reason', () => {
    const actor = systemActor('routing rule "Network outages"');
    expect(isSystemActor(actor)).toBe(true);
    expect(actorRef(actor)).toEqual({
      id: 'system',
      username: 'nimbus',
      system: { reason: 'routing rule "Network outages"' },
    });
    // Records that point at people (a requester, a comment's author) get a plain reference, without the reason.
    expect(userRef(actor)).toEqual({ id: 'system', username: 'nimbus' });
  });

  it('needs a reason', () => {
    expect(() => systemActor('  ')).toThrow(/reason/);
  });

  it('leaves people as they are', () => {
    expect(isSystemActor(alice)).toBe(false);
    expect(actorRef(alice)).toEqual({ id: 'user-alice', username: 'alice' });
  });
});

describe('eventBy', () => {
  it('names the record type, id and subject of the record it is about', () => {
    const incident = anIncident({ assignmentGroup: 'network' });
    const event = eventBy({ actor: systemActor('SLA'), ids }, incidentRecord(incident), 'updated', 'now', [
      { field: 'priority', before: 'P3', after: 'P2' },
    ]);
    expect(event).toEqual({
      id: ids.next(),
      recordType: 'incident',
      recordId: incident.id,
      action: 'updated',
      actor: { id: 'system', username: 'nimbus', system: { reason: 'SLA' } },
      at: 'now',
      changes: [{ field: 'priority', before: 'P3', after: 'P2' }],
      subject: {
        number: incident.number,
        title: incident.title,
        status: 'new',
        priority: incident.priority,
        assignmentGroup: 'network',
        assignee: null,
        requesterId: incident.requester.id,
        requesterName: incident.requester.username,
        major: false,
        parentId: null,
        holdReason: null,
        service: null,
        category: null,
      },
    });
  });
});

describe('referenceError', () => {
  const group = { kind: 'group', id: 'network', path: 'escalationGroup' } as const;

  it('tells an unknown group from a retired one, naming the field', () => {
    expect(referenceError([{ check: group, existed: false }])).toMatchObject({
      code: 'UNKNOWN_GROUP',
      status: 422,
      errors: [{ path: 'escalationGroup', message: 'There is no assignment group network' }],
    });
    expect(referenceError([{ check: group, existed: true }])).toMatchObject({
      code: 'RETIRED_GROUP',
      errors: [{ path: 'escalationGroup', message: expect.stringMatching(/retired/) }],
    });
  });

  it('lists every failed reference under INVALID_REFERENCES', () => {
    const member = { kind: 'member', groupId: 'network', userId: 'u1', path: 'assignee' } as const;
    expect(
      referenceError([
        { check: group, existed: true },
        { check: member, existed: false },
      ]),
    ).toMatchObject({
      code: 'INVALID_REFERENCES',
      errors: [{ path: 'escalationGroup' }, { path: 'assignee' }],
    });
  });
});
