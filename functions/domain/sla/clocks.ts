/**
 * The clock engine: folds an incident's audit events into its SLA clocks (rules in clock.ts and decision 0016).
 * Pure: policies arrive already matched and parsed through `TargetsFor`, business time through the calendar functions.
 */
import type { AuditEvent, FieldChange } from '../shared/audit';
import { addBusinessTime, businessSecondsBetween, type CalendarHours } from './calendar';
import {
  type ClockKind,
  type ClockState,
  type ClockView,
  clockField,
  clockKinds,
  executionName,
  type IncidentSla,
  type SlaClock,
  type SlaExecution,
  type StoredClockState,
} from './clock';
import type { PolicySubject, SlaPolicy } from './policy';
import { placementAfter } from './queue-placement';

/** The policy matching an incident, its calendar and its targets in business seconds. */
export interface ClockTargets {
  readonly policy: SlaPolicy;
  readonly calendar: CalendarHours;
  readonly seconds: Readonly<Record<ClockKind, number>>;
}

/** Undefined: no policy matches (the incident has no clocks, or keeps the ones it has). */
export type TargetsFor = (subject: PolicySubject) => ClockTargets | undefined;
export type CalendarFor = (calendarId: string) => CalendarHours;

const doneStatuses = new Set(['resolved', 'closed']);

type Subject = Readonly<Record<string, unknown>>;

export function emptySla(incidentId: string): IncidentSla {
  return { incidentId, clocks: [], cursor: '', generation: 0, version: 0 };
}

/**
 * Folds the events after `sla.cursor` (in id order, each once; sla_* events are the engine's own and skipped).
 * Folding the same events again, or in another order, gives the same result. The queue placement follows the
 * subject of the last event folded (decision 0019).
 */
export function foldEvents(
  sla: IncidentSla,
  events: readonly AuditEvent[],
  targetsFor: TargetsFor,
  calendarFor: CalendarFor,
): IncidentSla {
  const fresh = [...new Map(events.map((e) => [e.id, e])).values()]
    .filter((e) => e.id > sla.cursor)
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  let clocks = sla.clocks;
  let cursor = sla.cursor;
  for (const event of fresh) {
    cursor = event.id;
    if (event.action.startsWith('sla_') || !event.subject) continue;
    clocks = foldEvent(clocks, event, targetsFor, calendarFor);
  }
  const { queue: _was, ...rest } = sla;
  const queue = placementAfter(sla.queue, fresh);
  return reconcileExecution({ ...rest, clocks, cursor, ...(queue ? { queue } : {}) });
}

/**
 * The SLA item with the escalation execution its clocks want: the current one while it still fits, else the next
 * generation (a new, never reused name), or none when no clock has a milestone ahead.
 */
export function reconcileExecution(sla: IncidentSla): IncidentSla {
  const desired = desiredExecution(sla.clocks);
  const current = sla.execution;
  const same =
    current &&
    desired &&
    current.kind === desired.kind &&
    current.warnAt === desired.warnAt &&
    current.breachAt === desired.breachAt;
  let generation = sla.generation;
  let execution: SlaExecution | undefined;
  if (same) execution = current;
  else if (desired) {
    generation += 1;
    execution = { generation, name: executionName(sla.incidentId, generation), ...desired };
  }
  return { ...sla, generation, execution };
}

function foldEvent(
  clocks: readonly SlaClock[],
  event: AuditEvent,
  targetsFor: TargetsFor,
  calendarFor: CalendarFor,
): readonly SlaClock[] {
  const subject = event.subject as Subject;
  const targets = targetsFor(policySubject(subject));
  if (clocks.length === 0) {
    if (event.action !== 'created' || !targets) return clocks;
    return clockKinds.map((kind) => {
      const started = startClock(kind, targets, event.at);
      return transition(started, desiredState(started, event, subject, targets.policy), event.at, targets.calendar);
    });
  }
  return clocks.map((clock) => {
    let next = clock;
    if (targets && clock.state !== 'met' && retargets(clock, targets))
      next = retarget(clock, targets, event.at, calendarFor);
    const calendar = calendarFor(next.calendarId);
    const pauseOn = targets && targets.policy.id === next.policyId ? targets.policy.pauseOn : undefined;
    return transition(next, desiredState(next, event, subject, pauseOn ? { pauseOn } : undefined), event.at, calendar);
  });
}

function policySubject(subject: Subject): PolicySubject {
  return {
    priority: subject.priority as PolicySubject['priority'],
    ...(typeof subject.service === 'string' ? { service: subject.service } : {}),
    ...(typeof subject.category === 'string' ? { category: subject.category } : {}),
  };
}

function startClock(kind: ClockKind, targets: ClockTargets, at: string): SlaClock {
  const clock: SlaClock = {
    kind,
    policyId: targets.policy.id,
    calendarId: targets.policy.calendarId,
    target: kind === 'response' ? targets.policy.responseTarget : targets.policy.resolutionTarget,
    targetSeconds: targets.seconds[kind],
    warningPercent: targets.policy.warningPercent,
    state: 'running',
    startedAt: at,
    elapsedSeconds: 0,
    pausedSeconds: 0,
    since: at,
  };
  return withMilestones(clock, targets.calendar);
}

function retargets(clock: SlaClock, targets: ClockTargets): boolean {
  return (
    clock.policyId !== targets.policy.id ||
    clock.targetSeconds !== targets.seconds[clock.kind] ||
    clock.warningPercent !== targets.policy.warningPercent
  );
}

/** Another policy (or target): the elapsed business time is kept, the milestones follow the new target. */
function retarget(clock: SlaClock, targets: ClockTargets, at: string, calendarFor: CalendarFor): SlaClock {
  const settled = settle(clock, at, calendarFor(clock.calendarId));
  const next: SlaClock = {
    ...settled,
    policyId: targets.policy.id,
    calendarId: targets.policy.calendarId,
    target: clock.kind === 'response' ? targets.policy.responseTarget : targets.policy.resolutionTarget,
    targetSeconds: targets.seconds[clock.kind],
    warningPercent: targets.policy.warningPercent,
  };
  return next.state === 'running' ? withMilestones(next, targets.calendar) : next;
}

/** Brings elapsed (running) or paused (paused) seconds up to `at`, which becomes the new `since`. */
function settle(clock: SlaClock, at: string, calendar: CalendarHours): SlaClock {
  if (clock.state === 'met' || at <= clock.since) return clock;
  const seconds = businessSecondsBetween(new Date(clock.since), new Date(at), calendar);
  return clock.state === 'running'
    ? { ...clock, elapsedSeconds: clock.elapsedSeconds + seconds, since: at }
    : { ...clock, pausedSeconds: clock.pausedSeconds + seconds, since: at };
}

function desiredState(
  clock: SlaClock,
  event: AuditEvent,
  subject: Subject,
  policy: { readonly pauseOn: readonly string[] } | undefined,
): StoredClockState {
  const status = String(subject.status);
  if (clock.kind === 'response') {
    if (clock.state === 'met' || status !== 'new' || acknowledges(event, subject)) return 'met';
  } else if (doneStatuses.has(status)) return 'met';
  const pauseOn = policy?.pauseOn ?? [];
  const holding =
    status === 'on_hold' && typeof subject.holdReason === 'string' && pauseOn.includes(subject.holdReason);
  if (!policy && clock.state === 'paused' && status === 'on_hold') return 'paused';
  return holding ? 'paused' : 'running';
}

/** A public comment by an agent: anyone but the requester, and not Nimbus itself. */
function acknowledges(event: AuditEvent, subject: Subject): boolean {
  return (
    event.action === 'commented' &&
    event.visibility === 'public' &&
    !event.actor.system &&
    event.actor.id !== subject.requesterId
  );
}

function transition(clock: SlaClock, desired: StoredClockState, at: string, calendar: CalendarHours): SlaClock {
  if (clock.state === desired) return clock;
  const settled = settle(clock, at, calendar);
  if (desired === 'met') {
    const { warnAt: _w, ...rest } = settled;
    return { ...rest, state: 'met', metAt: at, since: at };
  }
  if (desired === 'paused') {
    const { warnAt: _w, dueAt: _d, ...rest } = settled;
    return { ...rest, state: 'paused', since: at };
  }
  const { metAt: _m, ...rest } = settled;
  return withMilestones({ ...rest, state: 'running', since: at }, calendar);
}

function withMilestones(clock: SlaClock, calendar: CalendarHours): SlaClock {
  const since = new Date(clock.since);
  const warnSeconds = Math.floor((clock.targetSeconds * clock.warningPercent) / 100);
  const warnAt = addBusinessTime(since, Math.max(0, warnSeconds - clock.elapsedSeconds), calendar).toISOString();
  const dueAt = addBusinessTime(since, Math.max(0, clock.targetSeconds - clock.elapsedSeconds), calendar).toISOString();
  return { ...clock, warnAt, dueAt };
}

/** The running clock with the earliest next milestone; none when no clock runs. */
function desiredExecution(clocks: readonly SlaClock[]): Pick<SlaExecution, 'kind' | 'warnAt' | 'breachAt'> | undefined {
  const running = clocks
    // A breach acted on ends that clock's escalation; the next clock's takes over.
    .filter((c) => c.state === 'running' && c.warnAt && c.dueAt && !c.breachedAt)
    .map((c) => ({ kind: c.kind, warnAt: c.warnAt as string, breachAt: c.dueAt as string }))
    .sort((a, b) => (a.warnAt === b.warnAt ? cmp(a.breachAt, b.breachAt) : cmp(a.warnAt, b.warnAt)));
  return running[0];
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The earliest due time of the running clocks (the incident's `slaDueAt`, the queue's sort key). */
export function slaDueAt(sla: IncidentSla): string | undefined {
  return sla.clocks
    .filter((c) => c.state === 'running' && c.dueAt)
    .map((c) => c.dueAt as string)
    .sort()[0];
}

/** The `changes` of an sla_updated event (format in clock.ts); empty when nothing changed. */
export function slaChanges(before: IncidentSla, after: IncidentSla): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const kind of clockKinds) {
    const b = before.clocks.find((c) => c.kind === kind) ?? null;
    const a = after.clocks.find((c) => c.kind === kind) ?? null;
    if (JSON.stringify(b) !== JSON.stringify(a)) changes.push({ field: clockField(kind), before: b, after: a });
  }
  if (before.execution?.name !== after.execution?.name)
    changes.push({ field: 'execution', before: before.execution ?? null, after: after.execution ?? null });
  return changes;
}

/** The API view; a running clock's elapsed counts up to `now`; met late or past due reads `breached`. */
export function clockView(clock: SlaClock, now: Date, calendar: CalendarHours): ClockView {
  const sinceThen =
    clock.state !== 'met' && now.toISOString() > clock.since
      ? businessSecondsBetween(new Date(clock.since), now, calendar)
      : 0;
  const elapsedSeconds = clock.elapsedSeconds + (clock.state === 'running' ? sinceThen : 0);
  const pausedSeconds = clock.pausedSeconds + (clock.state === 'paused' ? sinceThen : 0);
  const late =
    clock.dueAt !== undefined &&
    ((clock.state === 'met' && clock.metAt !== undefined && clock.metAt > clock.dueAt) ||
      (clock.state === 'running' && now.toISOString() >= clock.dueAt));
  const state: ClockState = late || clock.breachedAt ? 'breached' : clock.state;
  return {
    kind: clock.kind,
    policyId: clock.policyId,
    target: clock.target,
    dueAt: clock.dueAt ?? null,
    elapsedSeconds,
    pausedSeconds,
    state,
    warnedAt: clock.warnedAt ?? null,
    breachedAt: clock.breachedAt ?? (late ? (clock.dueAt as string) : null),
  };
}
