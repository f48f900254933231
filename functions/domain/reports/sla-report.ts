/**
 * SLA compliance maintained incrementally (decision 0021). Each SLA clock (incident × kind) contributes to at most two
 * report buckets — its breach and its being met — as a pure function of the clock's current state; the report
 * consumer keeps each clock's contribution and writes only the difference when the clock changes, so the buckets
 * always equal the sum of every clock's current contribution. A report sums the buckets of a date range.
 */
import type { ClockKind, SlaClock } from '../sla/clock';

/** Counters of one report bucket: (UTC day, assignment group or `unassigned`, priority). */
export interface SlaBucketCounters {
  readonly responseMet: number;
  readonly responseBreached: number;
  readonly resolutionMet: number;
  readonly resolutionBreached: number;
  readonly acknowledgeSeconds: number;
  readonly acknowledgeCount: number;
  readonly resolveSeconds: number;
  readonly resolveCount: number;
}

export interface SlaBucket extends SlaBucketCounters {
  readonly day: string;
  readonly group: string;
  readonly priority: string;
}

/** Incidents without an assignment group: not a slug, so no group can be named so. */
export const unassignedGroup = '(unassigned)';
export const unknownPriority = 'unknown';
/** The scope every bucket is also written under: the report over all groups reads it alone. */
export const allScope = 'all';
/** The scope of one group's buckets (prefixed: `all` is a valid group slug). */
export const groupScope = (group: string) => `group:${group}`;

export const emptyCounters: SlaBucketCounters = {
  responseMet: 0,
  responseBreached: 0,
  resolutionMet: 0,
  resolutionBreached: 0,
  acknowledgeSeconds: 0,
  acknowledgeCount: 0,
  resolveSeconds: 0,
  resolveCount: 0,
};

const counterKeys = Object.keys(emptyCounters) as (keyof SlaBucketCounters)[];

export const dayOf = (instant: string) => instant.slice(0, 10);

/** Where a contribution is counted: the incident's assignment group and priority when it came into being. */
export interface Attribution {
  readonly group: string;
  readonly priority: string;
}

/** The attribution an sla_* event's subject gives (the incident as of the last folded change). */
export function attributionOf(subject: Readonly<Record<string, unknown>> | undefined): Attribution {
  const group = subject?.assignmentGroup;
  const priority = subject?.priority;
  return {
    group: typeof group === 'string' && group.length > 0 ? group : unassignedGroup,
    priority: typeof priority === 'string' && priority.length > 0 ? priority : unknownPriority,
  };
}

/**
 * What a clock counts, attribution aside:
 * - `breachAt`: the clock is breached, counted once on this instant's day — when the escalation stamped
 *   `breachedAt`, else (no stamp, e.g. met before the workflow acted) when it was met late;
 * - `met`: the clock is met (in time or not), on the day of `metAt`, with its business seconds; `inTime` only when
 *   it is not breached. A clock breached and later met late counts as breached (once), never as met, and its
 *   seconds still count in the mean time to acknowledge/resolve.
 */
export interface ClockOutcome {
  readonly breachAt?: string;
  readonly met?: { readonly at: string; readonly seconds: number; readonly inTime: boolean };
}

/** Met after its due time (as the clock view says), or — a clock met from a pause has no due time — past its target. */
export function metLate(clock: SlaClock): boolean {
  if (clock.state !== 'met' || clock.metAt === undefined) return false;
  return clock.dueAt !== undefined ? clock.metAt > clock.dueAt : clock.elapsedSeconds > clock.targetSeconds;
}

export function clockOutcome(clock: SlaClock | null | undefined): ClockOutcome {
  if (!clock) return {};
  const met = clock.state === 'met' && clock.metAt !== undefined ? clock.metAt : undefined;
  const breachAt = clock.breachedAt ?? (met && metLate(clock) ? met : undefined);
  return {
    ...(breachAt ? { breachAt } : {}),
    ...(met ? { met: { at: met, seconds: clock.elapsedSeconds, inTime: breachAt === undefined } } : {}),
  };
}

export function sameOutcome(a: ClockOutcome, b: ClockOutcome): boolean {
  return (
    a.breachAt === b.breachAt &&
    a.met?.at === b.met?.at &&
    a.met?.seconds === b.met?.seconds &&
    a.met?.inTime === b.met?.inTime
  );
}

/** A clock's outcome with the attribution of each part (kept as it was when the part first counted). */
export interface ClockContribution {
  readonly breach?: { readonly at: string } & Attribution;
  readonly met?: { readonly at: string; readonly seconds: number; readonly inTime: boolean } & Attribution;
}

/**
 * The contribution of `clock` now. A part that already counted (the same breach instant, the same metAt) keeps the
 * group and priority it was counted under, so a later reassignment or priority change never moves it; a new part
 * takes `attribution` (the incident as of the event that made it).
 */
export function clockContribution(
  clock: SlaClock | null | undefined,
  attribution: Attribution,
  previous: ClockContribution | undefined,
): ClockContribution {
  const outcome = clockOutcome(clock);
  const breach = outcome.breachAt
    ? previous?.breach?.at === outcome.breachAt
      ? previous.breach
      : { at: outcome.breachAt, ...attribution }
    : undefined;
  const met = outcome.met
    ? {
        ...outcome.met,
        ...(previous?.met?.at === outcome.met.at
          ? { group: previous.met.group, priority: previous.met.priority }
          : attribution),
      }
    : undefined;
  return { ...(breach ? { breach } : {}), ...(met ? { met } : {}) };
}

/** The buckets one contribution adds (one per part; both parts may share a bucket). */
export function contributionBuckets(kind: ClockKind, contribution: ClockContribution | undefined): SlaBucket[] {
  const buckets: SlaBucket[] = [];
  if (contribution?.breach) {
    const { at, group, priority } = contribution.breach;
    buckets.push({
      ...emptyCounters,
      day: dayOf(at),
      group,
      priority,
      ...(kind === 'response' ? { responseBreached: 1 } : { resolutionBreached: 1 }),
    });
  }
  if (contribution?.met) {
    const { at, group, priority, seconds, inTime } = contribution.met;
    const met = inTime ? 1 : 0;
    buckets.push({
      ...emptyCounters,
      day: dayOf(at),
      group,
      priority,
      ...(kind === 'response'
        ? { responseMet: met, acknowledgeSeconds: seconds, acknowledgeCount: 1 }
        : { resolutionMet: met, resolveSeconds: seconds, resolveCount: 1 }),
    });
  }
  return buckets;
}

export const bucketKey = (bucket: Pick<SlaBucket, 'day' | 'group' | 'priority'>) =>
  `${bucket.day}#${bucket.priority}#${bucket.group}`;

/**
 * What the buckets must change by when a clock's contribution goes from `before` to `after`: merged per bucket,
 * buckets whose counters all cancel out left out (empty: nothing to write).
 */
export function contributionDelta(
  kind: ClockKind,
  before: ClockContribution | undefined,
  after: ClockContribution | undefined,
): SlaBucket[] {
  const merged = new Map<string, SlaBucket>();
  const add = (bucket: SlaBucket, sign: 1 | -1) => {
    const key = bucketKey(bucket);
    const current = merged.get(key) ?? {
      ...emptyCounters,
      day: bucket.day,
      group: bucket.group,
      priority: bucket.priority,
    };
    const next: Record<string, number | string> = { ...current };
    for (const counter of counterKeys) next[counter] = current[counter] + sign * bucket[counter];
    merged.set(key, next as unknown as SlaBucket);
  };
  for (const bucket of contributionBuckets(kind, before)) add(bucket, -1);
  for (const bucket of contributionBuckets(kind, after)) add(bucket, 1);
  return [...merged.values()].filter((bucket) => counterKeys.some((counter) => bucket[counter] !== 0));
}

/** What the consumer stored for one clock: the contribution counted, and the event and clock that made it. */
export interface StoredContribution {
  readonly lastEventId: string;
  readonly clock: SlaClock | null;
  readonly contribution: ClockContribution;
}

/**
 * Whether an sla_* event's clock change is still to be applied, given what was stored for that clock:
 * - the very event stored last → skip (a redelivery);
 * - the next link of the chain (the stored clock is the change's `before`) → apply, whatever the ids say (two
 *   writers' ULIDs of one millisecond may sort either way);
 * - otherwise the later event wins: apply if its id (a ULID, ordered in time) is after the stored one, else skip (a
 *   redelivery or a dead letter redriven after newer changes counted).
 * Applying means recomputing the contribution from the change's `after`, so any skipped link is healed by the next.
 */
/** JSON with object keys sorted: clocks read back from DynamoDB maps carry no key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function shouldApply(
  stored: StoredContribution | undefined,
  event: { readonly id: string; readonly before: SlaClock | null },
): boolean {
  if (!stored) return true;
  if (stored.lastEventId === event.id) return false;
  if (canonical(stored.clock) === canonical(event.before)) return true;
  return event.id > stored.lastEventId;
}

export function addCounters(a: SlaBucketCounters, b: SlaBucketCounters): SlaBucketCounters {
  const sum: Record<string, number> = { ...emptyCounters };
  for (const key of counterKeys) sum[key] = a[key] + b[key];
  return sum as unknown as SlaBucketCounters;
}

export interface SlaReport {
  readonly responseCompliancePercent: number | null;
  readonly resolutionCompliancePercent: number | null;
  readonly meanSecondsToAcknowledge: number | null;
  readonly meanSecondsToResolve: number | null;
  readonly breachesByPriority: Readonly<Record<string, number>>;
  readonly breachesByGroup: Readonly<Record<string, number>>;
  readonly totals: SlaBucketCounters;
}

const percent = (met: number, breached: number) =>
  met + breached === 0 ? null : Math.round((met / (met + breached)) * 10000) / 100;
const mean = (seconds: number, count: number) => (count === 0 ? null : Math.round(seconds / count));

/** Folds the buckets of a range (O(buckets), never tickets) into the report. */
export function summariseSlaBuckets(buckets: readonly SlaBucket[]): SlaReport {
  let totals = emptyCounters;
  const breachesByPriority: Record<string, number> = {};
  const breachesByGroup: Record<string, number> = {};
  for (const bucket of buckets) {
    totals = addCounters(totals, bucket);
    const breaches = bucket.responseBreached + bucket.resolutionBreached;
    if (breaches === 0) continue;
    breachesByPriority[bucket.priority] = (breachesByPriority[bucket.priority] ?? 0) + breaches;
    breachesByGroup[bucket.group] = (breachesByGroup[bucket.group] ?? 0) + breaches;
  }
  return {
    responseCompliancePercent: percent(totals.responseMet, totals.responseBreached),
    resolutionCompliancePercent: percent(totals.resolutionMet, totals.resolutionBreached),
    meanSecondsToAcknowledge: mean(totals.acknowledgeSeconds, totals.acknowledgeCount),
    meanSecondsToResolve: mean(totals.resolveSeconds, totals.resolveCount),
    breachesByPriority,
    breachesByGroup,
    totals,
  };
}
