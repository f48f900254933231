/**
 * `GET /reports/sla`: SLA compliance over a range of UTC days, summed from the report buckets (decision 0021) — one
 * Query on one scope, whatever the number of tickets.
 */
import * as z from 'zod/mini';
import type { GroupDirectory } from '../groups/ports';
import { isFulfiller } from '../shared/actor';
import type { CallerDeps } from '../shared/caller';
import { BusinessRuleError, ForbiddenError, NotFoundError } from '../shared/errors';
import { slug } from '../shared/schemas';
import { parseWith } from '../shared/validation';
import type { SlaBucketReader } from './ports';
import { allScope, groupScope, type SlaBucketCounters, summariseSlaBuckets, unassignedGroup } from './sla-report';

/** At most one leap year of days per report. */
export const maxReportDays = 366;

function isCalendarDay(s: string): boolean {
  if (!/^\d{4}-\d\d-\d\d$/.test(s)) return false;
  const date = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(s);
}

const day = z.string().check(z.refine(isCalendarDay, { message: 'Use a calendar day such as 2026-03-01 (UTC)' }));

export const slaReportQuerySchema = z.strictObject({
  from: day,
  to: day,
  groupId: z.optional(
    z.union([z.literal(unassignedGroup), slug]).register(z.globalRegistry, {
      description: `An assignment group id, or ${unassignedGroup} for incidents without one`,
    }),
  ),
});

export interface SlaReportDeps extends CallerDeps {
  readonly reports: SlaBucketReader;
  readonly groups: Pick<GroupDirectory, 'get'>;
}

export interface ComplianceView {
  readonly compliancePercent: number | null;
  readonly met: number;
  readonly breached: number;
  readonly meanSeconds: number | null;
  /** Clocks met (in time or late) whose business seconds make the mean. */
  readonly measured: number;
  readonly totalSeconds: number;
}

export interface SlaReportView {
  readonly from: string;
  readonly to: string;
  readonly groupId: string | null;
  readonly response: ComplianceView;
  readonly resolution: ComplianceView;
  readonly breachesByPriority: Readonly<Record<string, number>>;
  readonly breachesByGroup: Readonly<Record<string, number>>;
  /** Report buckets summed: (day, priority, group) cells that counted anything. */
  readonly buckets: number;
}

const daysBetween = (from: string, to: string) =>
  (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;

export async function getSlaReport(query: unknown, deps: SlaReportDeps): Promise<SlaReportView> {
  if (!isFulfiller(deps.actor)) throw new ForbiddenError('read SLA reports');
  const q = parseWith(slaReportQuerySchema, query);
  if (q.from > q.to) {
    throw new BusinessRuleError('INVALID_RANGE', '`to` must not be before `from`', [
      { path: 'to', message: `Use a day on or after ${q.from}` },
    ]);
  }
  if (daysBetween(q.from, q.to) + 1 > maxReportDays) {
    throw new BusinessRuleError('RANGE_TOO_LONG', `A report covers at most ${maxReportDays} days`, [
      { path: 'to', message: `Use a day at most ${maxReportDays - 1} days after ${q.from}` },
    ]);
  }
  if (q.groupId && q.groupId !== unassignedGroup && !(await deps.groups.get(q.groupId))) {
    throw new NotFoundError(`Group ${q.groupId}`);
  }
  const buckets = await deps.reports.buckets(q.groupId ? groupScope(q.groupId) : allScope, q.from, q.to);
  const report = summariseSlaBuckets(buckets);
  const view = (
    compliancePercent: number | null,
    met: keyof SlaBucketCounters,
    breached: keyof SlaBucketCounters,
    meanSeconds: number | null,
    seconds: keyof SlaBucketCounters,
    count: keyof SlaBucketCounters,
  ): ComplianceView => ({
    compliancePercent,
    met: report.totals[met],
    breached: report.totals[breached],
    meanSeconds,
    measured: report.totals[count],
    totalSeconds: report.totals[seconds],
  });
  return {
    from: q.from,
    to: q.to,
    groupId: q.groupId ?? null,
    response: view(
      report.responseCompliancePercent,
      'responseMet',
      'responseBreached',
      report.meanSecondsToAcknowledge,
      'acknowledgeSeconds',
      'acknowledgeCount',
    ),
    resolution: view(
      report.resolutionCompliancePercent,
      'resolutionMet',
      'resolutionBreached',
      report.meanSecondsToResolve,
      'resolveSeconds',
      'resolveCount',
    ),
    breachesByPriority: report.breachesByPriority,
    breachesByGroup: report.breachesByGroup,
    buckets: buckets.length,
  };
}
