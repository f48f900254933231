import { BusinessRuleError, InvalidTransitionError } from '../shared/errors';
import { type Level, priorityOf } from '../shared/priority';
import type { UpdateIncidentInput } from './commands';
import { type Incident, transitions } from './incident';

/**
 * Pure: the record after `changes`, or a typed error saying which rule the change breaks.
 * Lifecycle: transitions table; on_hold needs a reason; resolving needs a code and notes; reopening
 * (resolved → in_progress) clears the resolution and counts the reopen; closed is final.
 */
export function applyChanges(current: Incident, changes: UpdateIncidentInput, by: string, at: string): Incident {
  if (current.status === 'closed') {
    throw new BusinessRuleError('INCIDENT_CLOSED', `${current.number} is closed and can no longer change`);
  }
  const target = changes.status ?? current.status;
  if (target !== current.status && !transitions[current.status].includes(target)) {
    throw new InvalidTransitionError(current.status, target, transitions[current.status]);
  }

  const impact = (changes.impact ?? current.impact) as Level;
  const urgency = (changes.urgency ?? current.urgency) as Level;
  const assignmentGroup = pick(changes.assignmentGroup, current.assignmentGroup);
  // Moving a ticket to another group unassigns it, unless the same change names the new assignee.
  const keepsAssignee = changes.assignee !== undefined || assignmentGroup === current.assignmentGroup;
  let next: Incident = {
    ...current,
    title: changes.title ?? current.title,
    description: changes.description ?? current.description,
    impact,
    urgency,
    category: pick(changes.category, current.category),
    service: pick(changes.service, current.service),
    assignmentGroup,
    assignee: keepsAssignee ? pick(changes.assignee, current.assignee) : undefined,
    ciId: pick(changes.ciId, current.ciId),
    status: target,
  };
  if (next.assignee && !next.assignmentGroup) {
    throw new BusinessRuleError('ASSIGNMENT_GROUP_REQUIRED', 'An incident is assigned within an assignment group', [
      { path: 'assignee', message: 'Set assignmentGroup too (the assignee must be a member of it)' },
    ]);
  }

  next = applyPriority(next, current, changes, by, at);
  next = applyHold(next, current, changes);
  next = applyResolution(next, current, changes, by, at);
  if (target === 'closed') next = { ...next, closedAt: at };
  return next;
}

/**
 * The matrix sets the priority when impact or urgency change (dropping an earlier override); a major incident is
 * P1 while it is declared; standing it down returns the ticket to the matrix.
 */
function applyPriority(
  next: Incident,
  current: Incident,
  changes: UpdateIncidentInput,
  by: string,
  at: string,
): Incident {
  const major = changes.major ?? current.major;
  if (major && !current.major) {
    if (current.status === 'resolved') {
      throw new BusinessRuleError('MAJOR_NOT_OPEN', 'Only an open incident can be declared major', [
        { path: 'major', message: 'Reopen the incident first' },
      ]);
    }
    if (current.parentId) {
      throw new BusinessRuleError('MAJOR_HAS_PARENT', `${current.number} is a child of ${current.parentNumber}`, [
        { path: 'major', message: 'Unlink it from its parent before declaring it major' },
      ]);
    }
    return {
      ...next,
      major: true,
      priority: 'P1',
      priorityReason: 'Major incident',
      majorDeclaredAt: at,
      majorDeclaredBy: by,
    };
  }
  if (major) return next;
  const standDown = current.major;
  const rated = next.impact !== current.impact || next.urgency !== current.urgency;
  if (!standDown && !rated) return next;
  return {
    ...next,
    major: false,
    majorDeclaredAt: undefined,
    majorDeclaredBy: undefined,
    priority: priorityOf(next.impact, next.urgency),
    priorityReason: undefined,
  };
}

/** `null` clears an optional field, `undefined` keeps it. */
function pick(change: string | null | undefined, current: string | undefined): string | undefined {
  if (change === null) return undefined;
  return change ?? current;
}

function applyHold(next: Incident, current: Incident, changes: UpdateIncidentInput): Incident {
  if (next.status !== 'on_hold') {
    if (changes.holdReason !== undefined) {
      throw new BusinessRuleError('HOLD_REASON_NOT_ALLOWED', 'holdReason is only set when the status is on_hold', [
        { path: 'holdReason', message: 'Only allowed with status on_hold' },
      ]);
    }
    return { ...next, holdReason: undefined };
  }
  const holdReason = changes.holdReason ?? (current.status === 'on_hold' ? current.holdReason : undefined);
  if (!holdReason) {
    throw new BusinessRuleError('HOLD_REASON_REQUIRED', 'Putting an incident on hold needs a holdReason', [
      { path: 'holdReason', message: 'Required when the status is on_hold' },
    ]);
  }
  return { ...next, holdReason };
}

function applyResolution(
  next: Incident,
  current: Incident,
  changes: UpdateIncidentInput,
  by: string,
  at: string,
): Incident {
  const touchesResolution = changes.resolutionCode !== undefined || changes.resolutionNotes !== undefined;
  if (next.status !== 'resolved') {
    if (touchesResolution) {
      throw new BusinessRuleError('RESOLUTION_NOT_ALLOWED', 'Resolution fields are only set when resolving', [
        ...(changes.resolutionCode !== undefined
          ? [{ path: 'resolutionCode', message: 'Only allowed with status resolved' }]
          : []),
        ...(changes.resolutionNotes !== undefined
          ? [{ path: 'resolutionNotes', message: 'Only allowed with status resolved' }]
          : []),
      ]);
    }
    if (current.status === 'resolved' && next.status === 'in_progress') {
      return {
        ...next,
        resolutionCode: undefined,
        resolutionNotes: undefined,
        resolvedAt: undefined,
        resolvedBy: undefined,
        reopenCount: current.reopenCount + 1,
      };
    }
    return next;
  }
  const resolutionCode = changes.resolutionCode ?? current.resolutionCode;
  const resolutionNotes = changes.resolutionNotes ?? current.resolutionNotes;
  if (!resolutionCode || !resolutionNotes) {
    throw new BusinessRuleError(
      'RESOLUTION_REQUIRED',
      'Resolving an incident needs a resolutionCode and resolutionNotes',
      [
        ...(resolutionCode ? [] : [{ path: 'resolutionCode', message: 'Required when resolving' }]),
        ...(resolutionNotes ? [] : [{ path: 'resolutionNotes', message: 'Required when resolving' }]),
      ],
    );
  }
  const justResolved = current.status !== 'resolved';
  return {
    ...next,
    resolutionCode,
    resolutionNotes,
    resolvedAt: justResolved ? at : current.resolvedAt,
    resolvedBy: justResolved ? by : current.resolvedBy,
  };
}
