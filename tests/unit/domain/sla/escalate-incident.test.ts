import { describe, expect, it } from 'vitest';
import type { Group } from '../../../../functions/domain/groups/group';
import type { Incident } from '../../../../functions/domain/incidents/incident';
import type { IncidentAuditEvent } from '../../../../functions/domain/incidents/ports';
import { systemActor } from '../../../../functions/domain/shared/actor';
import { fixedClock } from '../../../../functions/domain/shared/clock';
import { PreconditionFailedError } from '../../../../functions/domain/shared/errors';
import { EscalationConflictError, escalateIncident } from '../../../../functions/domain/sla/escalate-incident';
import { anIncident, bob } from '../../support/incidents';

const escalation = { reason: 'SLA response breach', raiseFrom: 'P3', reassign: { from: 'l1', to: 'l2' } } as const;
const l2 = { id: 'l2', active: true } as Group;

/** The incident store as the repository behaves: `update` fails stale while `conflicts` > 0 (someone else wrote). */
function harness(start: Incident | undefined, conflicts = 0, target: Group | undefined = l2) {
  let stored = start;
  const written: IncidentAuditEvent[] = [];
  let reads = 0;
  const deps = {
    actor: systemActor('SLA'),
    clock: fixedClock('2026-12-07T17:00:05.000Z'),
    ids: { next: () => `E${written.length + 1}` },
    groups: { get: async () => target },
    incidents: {
      get: async () => {
        reads += 1;
        return stored;
      },
      update: async (next: Incident, previous: Incident, event: IncidentAuditEvent) => {
        if (conflicts > 0) {
          conflicts -= 1;
          stored = { ...previous, title: 'Edited meanwhile', version: previous.version + 1 };
          throw new PreconditionFailedError('Incident', previous.version, previous.version + 1);
        }
        stored = next;
        written.push(event);
        return next;
      },
    },
  };
  return { deps, written, stored: () => stored, reads: () => reads };
}

const assigned = anIncident({
  id: 'INC1',
  assignmentGroup: 'l1',
  assignee: bob.id,
  assigneeName: 'Bob',
  status: 'in_progress',
});

describe('escalateIncident', () => {
  it('raises and reassigns in one update by the SLA system actor', async () => {
    const h = harness(assigned);
    const outcome = await escalateIncident('INC1', escalation, h.deps);
    expect([...outcome.changed].sort()).toEqual(['assignee', 'assignmentGroup', 'priority', 'priorityReason']);
    expect(h.stored()).toMatchObject({ priority: 'P2', assignmentGroup: 'l2', version: assigned.version + 1 });
    expect(h.written).toHaveLength(1);
    expect(h.written[0]).toMatchObject({
      action: 'updated',
      actor: { id: 'system', username: 'nimbus', system: { reason: 'SLA' } },
      subject: { priority: 'P2', assignmentGroup: 'l2', assignee: null },
    });
  });

  it('re-reads and decides again when another writer got there first, keeping their change', async () => {
    const h = harness(assigned, 2);
    await escalateIncident('INC1', escalation, h.deps);
    expect(h.reads()).toBe(3);
    expect(h.stored()).toMatchObject({ title: 'Edited meanwhile', priority: 'P2', version: assigned.version + 3 });
  });

  it('gives up after five conflicts, so the dispatcher retries the event', async () => {
    const h = harness(assigned, 5);
    await expect(escalateIncident('INC1', escalation, h.deps)).rejects.toBeInstanceOf(EscalationConflictError);
    expect(h.written).toHaveLength(0);
  });

  it('writes nothing when nothing is left to do, the incident is gone or the escalation group is retired', async () => {
    const done = harness({ ...assigned, priority: 'P2', assignmentGroup: 'l2', assignee: undefined });
    expect(await escalateIncident('INC1', escalation, done.deps)).toMatchObject({ changed: [] });
    expect(done.written).toHaveLength(0);

    const gone = harness(undefined);
    expect(await escalateIncident('INC1', escalation, gone.deps)).toEqual({
      changed: [],
      notes: ['the incident is gone'],
    });

    const retired = harness(assigned, 0, { ...l2, active: false });
    const outcome = await escalateIncident('INC1', escalation, retired.deps);
    expect([...outcome.changed].sort()).toEqual(['priority', 'priorityReason']);
    expect(outcome.notes).toContain('escalation group l2 is retired: not reassigned');
    expect(retired.stored()).toMatchObject({ assignmentGroup: 'l1', assignee: bob.id });
  });

  it('is for the system actor only', async () => {
    const h = harness(assigned);
    await expect(escalateIncident('INC1', escalation, { ...h.deps, actor: bob })).rejects.toThrow(/system actor/);
  });
});
