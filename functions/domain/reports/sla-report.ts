import type { ClockKind, SlaClock } from '../sla/clock';

/** Counters of one report bucket: (UTC day of metAt, assignment group or `unassigned`, priority). */
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

export const unassignedGroup = 'unassigned';

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

/** What one clock change adds to (or, on a reopen, subtracts from) the bucket of the day the clock was met. */
export interface SlaBucketDelta {
  readonly day: string;
  readonly counters: SlaBucketCounters;
}

const dayOf = (instant: string) => instant.slice(0, 10);

function countersFor(kind: ClockKind, clock: SlaClock, sign: 1 | -1): SlaBucketCounters {
  const withinTarget = clock.elapsedSeconds <= clock.targetSeconds;
  const met = withinTarget ? sign : 0;
  const breached = withinTarget ? 0 : sign;
  const seconds = sign * clock.elapsedSeconds;
  return kind === 'response'
    ? {
        ...emptyCounters,
        responseMet: met,
        responseBreached: breached,
        acknowledgeSeconds: seconds,
        acknowledgeCount: sign,
      }
    : {
        ...emptyCounters,
        resolutionMet: met,
        resolutionBreached: breached,
        resolveSeconds: seconds,
        resolveCount: sign,
      };
}

/**
 * The delta a `clock.<kind>` change makes: a clock becoming met counts in the day of its metAt; a resolution clock
 * leaving `met` (reopen) takes back exactly what its `before` counted. Anything else changes no report.
 */
export function clockChangeDelta(
  kind: ClockKind,
  before: SlaClock | null,
  after: SlaClock | null,
): SlaBucketDelta | null {
  const wasMet = before?.state === 'met' && before.metAt !== undefined;
  const isMet = after?.state === 'met' && after.metAt !== undefined;
  if (isMet && !wasMet && after?.metAt) return { day: dayOf(after.metAt), counters: countersFor(kind, after, 1) };
  if (wasMet && !isMet && kind === 'resolution' && before?.metAt)
    return { day: dayOf(before.metAt), counters: countersFor(kind, before, -1) };
  return null;
}

export function addCounters(a: SlaBucketCounters, b: SlaBucketCounters): SlaBucketCounters {
  const sum = { ...emptyCounters };
  for (const key of Object.keys(emptyCounters) as (keyof SlaBucketCounters)[]) sum[key] = a[key] + b[key];
  return sum;
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
