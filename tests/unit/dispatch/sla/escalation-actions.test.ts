import { describe, expect, it } from 'vitest';
import { escalationActions } from '../../../../functions/dispatch/sla/escalation-actions';
import type { Group } from '../../../../functions/domain/groups/group';
import type { AuditEvent } from '../../../../functions/domain/shared/audit';
import { fixedClock } from '../../../../functions/domain/shared/clock';
import type { EscalationAction, SlaPolicy } from '../../../../functions/domain/sla/policy';
import { anIncident } from '../../support/incidents';
import { memoryOnce } from '../../support/memory-once';

const system = { id: 'system', username: 'nimbus', system: { reason: 'SLA' } };
const event: AuditEvent = {
  id: 'E1',
  recordType: 'incident',
  recordId: 'INC1',
  action: 'sla_breached',
  actor: system,
  at: '2026-12-07T17:00:01.000Z',
  changes: [
    {
      field: 'clock.response',
      before: null,
      after: { kind: 'response', policyId: 'p1', dueAt: '2026-12-07T17:00:00.000Z' },
    },
  ],
  subject: { number: 'INC0001001', title: 'Mail down', priority: 'P3', assignee: null, assignmentGroup: 'l1' },
};

const group: Group = {
  id: 'l1',
  name: 'First line',
  manager: { id: 'u-mia', username: 'mia' },
  escalationGroup: 'l2',
  active: true,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 1,
};

function harness(breach: readonly EscalationAction[] | undefined) {
  const logs: string[] = [];
  const updates: string[] = [];
  const incident = anIncident({ id: 'INC1', priority: 'P3', assignmentGroup: 'l1', status: 'in_progress' });
  const consumer = escalationActions({
    policies: {
      get: async () => (breach ? ({ escalations: { warning: [], breach } } as unknown as SlaPolicy) : undefined),
    },
    groups: { get: async (id) => ({ ...group, id, escalationGroup: id === 'l1' ? 'l2' : undefined }) },
    incident: {
      actor: { ...system, roles: ['agent'] },
      clock: fixedClock('2026-12-07T17:00:02.000Z'),
      ids: { next: () => 'E2' },
      incidents: {
        get: async () => incident,
        update: async (next, _previous, audit) => {
          updates.push(`${next.priority} ${next.assignmentGroup} by ${audit.actor.system?.reason}`);
          return next;
        },
      },
    },
    log: { info: (message) => void logs.push(message) },
  });
  const once = memoryOnce();
  return { consumer, logs, updates, handle: () => consumer.handle(event, { once }) };
}

describe('SLA escalation actions consumer', () => {
  it('wants only incident milestone events', () => {
    const { consumer } = harness([]);
    expect(consumer.wants(event)).toBe(true);
    expect(consumer.wants({ ...event, action: 'sla_updated' })).toBe(false);
    expect(consumer.wants({ ...event, action: 'updated' })).toBe(false);
  });

  it('changes the incident once as the system actor, and logs what it could not do', async () => {
    const { logs, updates, handle } = harness([
      'notify_assignee',
      'notify_group_manager',
      'raise_priority',
      'reassign_escalation_group',
    ]);
    await handle();
    await handle();
    expect(updates).toEqual(['P2 l2 by SLA']);
    expect(logs).toEqual(
      expect.arrayContaining([
        'SLA action notify_assignee skipped: the incident has no assignee',
        'SLA notifications skipped: mail is off',
      ]),
    );
  });

  it('does nothing when the policy is gone or names no action for the milestone', async () => {
    const gone = harness(undefined);
    await gone.handle();
    expect(gone.updates).toEqual([]);
    expect(gone.logs).toEqual(['SLA policy p1 is gone: no escalation actions']);
    const quiet = harness([]);
    await quiet.handle();
    expect(quiet.updates).toEqual([]);
    expect(quiet.logs).toEqual([]);
  });
});
