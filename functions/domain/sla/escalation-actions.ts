/**
 * What an SLA milestone does (decision 0020): the escalation workflow records `sla_warned` / `sla_breached`; after
 * commit, the actions its clock's policy names for that milestone run. Pure: which actions apply, to whom, and what
 * they change on the incident. The consumer (functions/dispatch/sla/escalation-actions.ts) loads and sends.
 */
import { applyChanges } from '../incidents/apply-changes';
import type { Incident } from '../incidents/incident';
import type { AuditEvent } from '../shared/audit';
import type { Priority } from '../shared/priority';
import { type ClockKind, clockKinds, type SlaClock } from './clock';
import { raisedPriority } from './escalate';
import type { EscalationAction, Milestone } from './policy';

/** The milestone an `sla_warned` / `sla_breached` event records. */
export interface MilestoneRecord {
  readonly milestone: Milestone;
  readonly kind: ClockKind;
  readonly policyId: string;
  /** When the clock is (was) due. */
  readonly dueAt: string;
  /** When the workflow recorded the milestone. */
  readonly at: string;
}

const milestones: Readonly<Record<string, Milestone>> = { sla_warned: 'warning', sla_breached: 'breach' };

function isClock(value: unknown): value is SlaClock {
  const clock = value as Partial<SlaClock> | null;
  return (
    typeof clock?.policyId === 'string' &&
    typeof clock.dueAt === 'string' &&
    clockKinds.includes(clock.kind as ClockKind)
  );
}

/** The milestone of an incident's `sla_warned` / `sla_breached` event; undefined for any other event. */
export function milestoneOf(event: AuditEvent): MilestoneRecord | undefined {
  const milestone = milestones[event.action];
  if (event.recordType !== 'incident' || !milestone) return undefined;
  for (const change of event.changes) {
    if (!change.field.startsWith('clock.') || !isClock(change.after)) continue;
    const clock = change.after;
    return { milestone, kind: clock.kind, policyId: clock.policyId, dueAt: clock.dueAt as string, at: event.at };
  }
  return undefined;
}

/** The incident as the milestone event's subject describes it (as it stood when the milestone was recorded). */
export interface MilestoneSubject {
  readonly assignee: string | null;
  readonly assignmentGroup: string | null;
  readonly priority: Priority | null;
}

const priorities: readonly string[] = ['P1', 'P2', 'P3', 'P4', 'P5'];

export function milestoneSubject(event: AuditEvent): MilestoneSubject {
  const text = (value: unknown) => (typeof value === 'string' && value.length > 0 ? value : null);
  const priority = text(event.subject?.priority);
  return {
    assignee: text(event.subject?.assignee),
    assignmentGroup: text(event.subject?.assignmentGroup),
    priority: priority && priorities.includes(priority) ? (priority as Priority) : null,
  };
}

/** What the escalation needs to know about the assignment group of the incident at the milestone. */
export interface GroupFacts {
  readonly id: string;
  readonly managerId: string;
  readonly escalationGroup?: string;
}

/** The incident change of the escalation: each part applies only while the incident is as it was at the milestone. */
export interface IncidentEscalation {
  /** `priorityReason` of a raised priority, and what the audit says. */
  readonly reason: string;
  /** raise_priority: one step up from this priority (the one the milestone was reached at). */
  readonly raiseFrom?: Priority;
  /** reassign_escalation_group: from the group at the milestone to its escalation group. */
  readonly reassign?: { readonly from: string; readonly to: string };
}

export interface EscalationPlan {
  /** Who is mailed (ids, in action order; one mail each). */
  readonly notify: readonly string[];
  readonly incident?: IncidentEscalation;
  /** Actions the policy names that have nothing to act on, and why (the consumer logs them). */
  readonly skipped: readonly { readonly action: EscalationAction; readonly why: string }[];
}

/**
 * Which of `actions` apply to the incident as `subject` describes it, given its assignment group (undefined: none,
 * or the group is gone). Nothing here reads or writes: the consumer loads the group first.
 */
export function planEscalation(
  actions: readonly EscalationAction[],
  record: Pick<MilestoneRecord, 'milestone' | 'kind'>,
  subject: MilestoneSubject,
  group: GroupFacts | undefined,
): EscalationPlan {
  const notify: string[] = [];
  const skipped: { action: EscalationAction; why: string }[] = [];
  let raiseFrom: Priority | undefined;
  let reassign: IncidentEscalation['reassign'];
  const noGroup = subject.assignmentGroup
    ? `assignment group ${subject.assignmentGroup} was not found`
    : 'the incident has no assignment group';
  for (const action of new Set(actions)) {
    switch (action) {
      case 'notify_assignee':
        if (subject.assignee) notify.push(subject.assignee);
        else skipped.push({ action, why: 'the incident has no assignee' });
        break;
      case 'notify_group_manager':
        if (group) notify.push(group.managerId);
        else skipped.push({ action, why: noGroup });
        break;
      case 'reassign_escalation_group':
        if (!group) skipped.push({ action, why: noGroup });
        else if (!group.escalationGroup) skipped.push({ action, why: `group ${group.id} has no escalation group` });
        else reassign = { from: group.id, to: group.escalationGroup };
        break;
      case 'raise_priority':
        if (!subject.priority) skipped.push({ action, why: 'the incident has no priority' });
        else if (subject.priority === 'P1') skipped.push({ action, why: 'the incident is P1 already' });
        else raiseFrom = subject.priority;
        break;
    }
  }
  const reason = `SLA ${record.kind} ${record.milestone}`;
  const incident =
    raiseFrom || reassign
      ? { reason, ...(raiseFrom ? { raiseFrom } : {}), ...(reassign ? { reassign } : {}) }
      : undefined;
  return { notify: [...new Set(notify)], ...(incident ? { incident } : {}), skipped };
}

/**
 * The incident after the escalation, or `current` itself when there is nothing (left) to do: a resolved or closed
 * incident is left alone; the priority is raised only while it still is the one the milestone was reached at, and the
 * incident moves only while it still sits in the group it breached in (moving clears the assignee). So applying it
 * twice, or after someone acted by hand, changes nothing more.
 */
export function escalatedIncident(current: Incident, escalation: IncidentEscalation, by: string, at: string): Incident {
  if (current.status === 'resolved' || current.status === 'closed') return current;
  let next = current;
  const { reassign, raiseFrom } = escalation;
  if (reassign && current.assignmentGroup === reassign.from && reassign.to !== reassign.from) {
    next = applyChanges(next, { assignmentGroup: reassign.to }, by, at);
    if (next.assignee === undefined) next = { ...next, assigneeName: undefined };
  }
  if (raiseFrom && current.priority === raiseFrom && raiseFrom !== 'P1') {
    next = { ...next, priority: raisedPriority(raiseFrom), priorityReason: escalation.reason };
  }
  return next;
}
