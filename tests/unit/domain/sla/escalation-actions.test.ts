import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../../../functions/domain/shared/audit';
import type { Priority } from '../../../../functions/domain/shared/priority';
import type { SlaClock } from '../../../../functions/domain/sla/clock';
import {
  escalatedIncident,
  milestoneOf,
  milestoneSubject,
  planEscalation,
} from '../../../../functions/domain/sla/escalation-actions';
import { escalationActions } from '../../../../functions/domain/sla/policy';
import { aResolutionClock } from '../../../support/sla';
import { anIncident, now } from '../../support/incidents';

const clock = (overrides: Partial<SlaClock> = {}) => aResolutionClock({ policyId: 'policy-1', ...overrides });

const milestoneEvent = (action: string, after: SlaClock = clock({ breachedAt: '2026-12-07T17:00:01.000Z' })) =>
  ({
    id: 'E9',
    recordType: 'incident',
    recordId: 'INC1',
    action,
    actor: { id: 'system', username: 'nimbus', system: { reason: 'SLA' } },
    at: '2026-12-07T17:00:01.000Z',
    changes: [{ field: `clock.${after.kind}`, before: clock(), after }],
    subject: { number: 'INC0001001', title: 'Mail down', priority: 'P3', assignee: 'u-bob', assignmentGroup: 'l1' },
  }) satisfies AuditEvent;

const breach = { milestone: 'breach', kind: 'resolution' } as const;
const subject = { assignee: 'u-bob', assignmentGroup: 'l1', priority: 'P3' as Priority };
const l1 = { id: 'l1', managerId: 'u-mia', escalationGroup: 'l2' };

describe('milestoneOf', () => {
  it('reads the milestone, clock, policy and due time of sla_warned and sla_breached events', () => {
    expect(milestoneOf(milestoneEvent('sla_breached'))).toEqual({
      milestone: 'breach',
      kind: 'resolution',
      policyId: 'policy-1',
      dueAt: '2026-12-07T17:00:00.000Z',
      at: '2026-12-07T17:00:01.000Z',
    });
    const warned = milestoneEvent('sla_warned', clock({ kind: 'response', warnedAt: '2026-12-07T15:00:00.000Z' }));
    expect(milestoneOf(warned)).toMatchObject({ milestone: 'warning', kind: 'response' });
  });

  it('ignores every other event, and milestone events without a usable clock', () => {
    expect(milestoneOf(milestoneEvent('sla_updated'))).toBeUndefined();
    expect(milestoneOf(milestoneEvent('updated'))).toBeUndefined();
    expect(milestoneOf({ ...milestoneEvent('sla_breached'), recordType: 'group' })).toBeUndefined();
    expect(milestoneOf({ ...milestoneEvent('sla_breached'), changes: [] })).toBeUndefined();
    const broken = {
      ...milestoneEvent('sla_breached'),
      changes: [{ field: 'clock.resolution', before: null, after: null }],
    };
    expect(milestoneOf(broken)).toBeUndefined();
  });

  it('reads the subject at the milestone, unknown priorities as none', () => {
    expect(milestoneSubject(milestoneEvent('sla_breached'))).toEqual(subject);
    const odd = { ...milestoneEvent('sla_breached'), subject: { priority: 'urgent', assignee: '' } };
    expect(milestoneSubject(odd)).toEqual({ assignee: null, assignmentGroup: null, priority: null });
  });
});

describe('planEscalation', () => {
  it('names the assignee and the manager, the escalation group and the priority to raise', () => {
    expect(planEscalation(escalationActions, breach, subject, l1)).toEqual({
      notify: ['u-bob', 'u-mia'],
      incident: { reason: 'SLA resolution breach', raiseFrom: 'P3', reassign: { from: 'l1', to: 'l2' } },
      skipped: [],
    });
  });

  it('mails nobody twice when the assignee manages the group', () => {
    const plan = planEscalation(['notify_assignee', 'notify_group_manager'], breach, subject, {
      ...l1,
      managerId: 'u-bob',
    });
    expect(plan).toEqual({ notify: ['u-bob'], skipped: [] });
  });

  it('skips, saying why, what has nothing to act on', () => {
    const unassigned = { assignee: null, assignmentGroup: null, priority: 'P1' as Priority };
    expect(planEscalation(escalationActions, breach, unassigned, undefined)).toEqual({
      notify: [],
      skipped: [
        { action: 'notify_assignee', why: 'the incident has no assignee' },
        { action: 'notify_group_manager', why: 'the incident has no assignment group' },
        { action: 'reassign_escalation_group', why: 'the incident has no assignment group' },
        { action: 'raise_priority', why: 'the incident is P1 already' },
      ],
    });
    const noEscalation = planEscalation(['reassign_escalation_group'], breach, subject, {
      id: 'l1',
      managerId: 'u-mia',
    });
    expect(noEscalation).toEqual({
      notify: [],
      skipped: [{ action: 'reassign_escalation_group', why: 'group l1 has no escalation group' }],
    });
    const gone = planEscalation(['notify_group_manager'], breach, subject, undefined);
    expect(gone.skipped).toEqual([{ action: 'notify_group_manager', why: 'assignment group l1 was not found' }]);
  });

  it('does only what the policy names for the milestone', () => {
    const warning = { milestone: 'warning', kind: 'response' } as const;
    expect(planEscalation(['notify_assignee'], warning, subject, l1)).toEqual({ notify: ['u-bob'], skipped: [] });
    expect(planEscalation([], warning, subject, l1)).toEqual({ notify: [], skipped: [] });
    expect(planEscalation(['raise_priority'], warning, subject, l1).incident).toEqual({
      reason: 'SLA response warning',
      raiseFrom: 'P3',
    });
  });
});

describe('escalatedIncident', () => {
  const escalation = {
    reason: 'SLA resolution breach',
    raiseFrom: 'P3' as Priority,
    reassign: { from: 'l1', to: 'l2' },
  };
  const assigned = anIncident({ assignmentGroup: 'l1', assignee: 'u-bob', assigneeName: 'Bob', status: 'in_progress' });

  it('raises the priority one step and moves the incident to the escalation group, unassigned', () => {
    const next = escalatedIncident(assigned, escalation, 'system', now);
    expect(next).toMatchObject({ priority: 'P2', priorityReason: 'SLA resolution breach', assignmentGroup: 'l2' });
    expect(next.assignee).toBeUndefined();
    expect(next.assigneeName).toBeUndefined();
  });

  it('changes nothing more when applied again (already raised, already moved)', () => {
    const once = escalatedIncident(assigned, escalation, 'system', now);
    expect(escalatedIncident(once, escalation, 'system', now)).toBe(once);
  });

  it('leaves what people changed meanwhile, and resolved or closed incidents, alone', () => {
    const movedByHand = { ...assigned, assignmentGroup: 'l3' };
    expect(escalatedIncident(movedByHand, { ...escalation, raiseFrom: undefined }, 'system', now)).toBe(movedByHand);
    const reprioritised = { ...assigned, priority: 'P4' as Priority };
    expect(escalatedIncident(reprioritised, { ...escalation, reassign: undefined }, 'system', now)).toBe(reprioritised);
    const resolved = { ...assigned, status: 'resolved' as const };
    expect(escalatedIncident(resolved, escalation, 'system', now)).toBe(resolved);
  });

  it('raises exactly one step, never above P1, whatever the starting priority', () => {
    const levels: Priority[] = ['P1', 'P2', 'P3', 'P4', 'P5'];
    fc.assert(
      fc.property(fc.constantFrom(...levels), (priority) => {
        const next = escalatedIncident(
          { ...assigned, priority },
          { reason: 'SLA', raiseFrom: priority },
          'system',
          now,
        );
        const step = levels.indexOf(priority) - levels.indexOf(next.priority);
        expect(step).toBe(priority === 'P1' ? 0 : 1);
      }),
    );
  });
});
