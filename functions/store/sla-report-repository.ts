/** The SLA report's buckets and per-clock contributions (decision 0021). */
import type { SlaBucketReader, SlaReportStore } from '../domain/reports/ports';
import {
  allScope,
  type ClockContribution,
  dayOf,
  groupScope,
  type SlaBucket,
  type SlaBucketCounters,
} from '../domain/reports/sla-report';
import type { SlaClock } from '../domain/sla/clock';
import { type SlaReportBucketItem, slaReportBucketEntity } from './entities/sla-report-bucket.entity';
import { slaReportContributionEntity } from './entities/sla-report-contribution.entity';
import { recordWrite } from './record-write';

const counters = (item: SlaReportBucketItem): SlaBucketCounters => ({
  responseMet: item.responseMet ?? 0,
  responseBreached: item.responseBreached ?? 0,
  resolutionMet: item.resolutionMet ?? 0,
  resolutionBreached: item.resolutionBreached ?? 0,
  acknowledgeSeconds: item.acknowledgeSeconds ?? 0,
  acknowledgeCount: item.acknowledgeCount ?? 0,
  resolveSeconds: item.resolveSeconds ?? 0,
  resolveCount: item.resolveCount ?? 0,
});

/** Only the counters that change (ADD of 0 would still write). */
function nonZero(bucket: SlaBucketCounters): Partial<SlaBucketCounters> {
  return Object.fromEntries(
    Object.entries({
      responseMet: bucket.responseMet,
      responseBreached: bucket.responseBreached,
      resolutionMet: bucket.resolutionMet,
      resolutionBreached: bucket.resolutionBreached,
      acknowledgeSeconds: bucket.acknowledgeSeconds,
      acknowledgeCount: bucket.acknowledgeCount,
      resolveSeconds: bucket.resolveSeconds,
      resolveCount: bucket.resolveCount,
    }).filter(([, value]) => value !== 0),
  );
}

/** The day after `day` (both YYYY-MM-DD, UTC). */
const nextDay = (day: string) => dayOf(new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString());

export const slaBucketReader: SlaBucketReader = {
  async buckets(scope, from, to) {
    // The sort key is day#priority#group: every key of `to` sorts before the bare key of the next day.
    const { data } = await slaReportBucketEntity()
      .query.primary({ scope })
      .between({ day: from }, { day: nextDay(to) })
      .go({ pages: 'all' });
    return data
      .filter((item) => item.day >= from && item.day <= to)
      .map((item) => ({ day: item.day, group: item.group, priority: item.priority, ...counters(item) }));
  },
};

export const slaReportStore: SlaReportStore = {
  async contribution(incidentId, kind) {
    const { data } = await slaReportContributionEntity().get({ id: incidentId, kind }).go({ consistent: true });
    if (!data) return undefined;
    return {
      lastEventId: data.lastEventId,
      clock: (data.clock as SlaClock | undefined) ?? null,
      contribution: data.contribution as ClockContribution,
      version: data.version,
    };
  },

  async apply(incidentId, kind, next, previousVersion, delta) {
    const item = {
      id: incidentId,
      kind,
      lastEventId: next.lastEventId,
      ...(next.clock ? { clock: next.clock } : {}),
      contribution: next.contribution,
      version: (previousVersion ?? 0) + 1,
    };
    const write = recordWrite().item('contribution', slaReportContributionEntity(), (e) =>
      previousVersion === undefined
        ? e.create(item).commit()
        : e
            .put(item)
            .where((a, { eq }) => eq(a.version, previousVersion))
            .commit(),
    );
    write.item('buckets', slaReportBucketEntity(), (e) =>
      delta.flatMap((bucket: SlaBucket) =>
        [groupScope(bucket.group), allScope].map((scope) =>
          e
            .update({ scope, day: bucket.day, priority: bucket.priority, group: bucket.group })
            .add(nonZero(bucket))
            .commit(),
        ),
      ),
    );
    const outcome = await write.commit();
    if (outcome.committed) return true;
    if (outcome.failed('contribution')) return false;
    throw outcome.unexpected();
  },
};
