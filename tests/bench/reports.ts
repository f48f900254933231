/**
 * Bench rows of the reports practice: `GET /reports/sla` over report buckets seeded straight into the table (as the
 * report consumer leaves them): 5 priorities × 4 groups per day, under each group's scope and `all`. The cost is
 * O(buckets in the range) whatever the number of tickets behind them: the rows give the calls and latency for 90
 * days (1,800 buckets in `all`) and a whole year (7,320, several Query pages).
 */
import { allScope, groupScope } from '../../functions/domain/reports/sla-report';
import { slaReportBucketEntity } from '../../functions/store/entities/sla-report-bucket.entity';
import { seedGroup } from '../support/desk';
import type { OperationSpec } from './measure';
import type { Send } from './routing';

const groups = ['bench-rpt-a', 'bench-rpt-b', 'bench-rpt-c', 'bench-rpt-d'];
const priorities = ['P1', 'P2', 'P3', 'P4', 'P5'];
/** A year no other row writes in. */
const year = 2035;
const days = 366;

const dayOf = (offset: number) => new Date(Date.UTC(year, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);

/** 366 days × 5 priorities × 4 groups buckets, each under its group's scope and `all` (14,640 items). */
export async function seedReportBuckets(): Promise<number> {
  for (const group of groups) await seedGroup(group);
  const items = [];
  for (let d = 0; d < days; d++) {
    for (const priority of priorities) {
      for (const [g, group] of groups.entries()) {
        const counters = {
          responseMet: 3 + g,
          responseBreached: 1,
          resolutionMet: 2,
          resolutionBreached: (d + g) % 2,
          acknowledgeSeconds: 900 * (4 + g),
          acknowledgeCount: 4 + g,
          resolveSeconds: 3600 * 3,
          resolveCount: 3,
        };
        for (const scope of [groupScope(group), allScope]) {
          items.push({ scope, day: dayOf(d), priority, group, ...counters });
        }
      }
    }
  }
  for (let i = 0; i < items.length; i += 500)
    await slaReportBucketEntity()
      .put(items.slice(i, i + 500))
      .go();
  return items.length;
}

export function reportSpecs(send: Send): OperationSpec[] {
  const row = (name: string, budget: number, query: string, buckets: number, note: string): OperationSpec => ({
    name,
    operation: 'getSlaReport',
    budget,
    note,
    request: async () => {
      const reply = await send('bob', 'GET', `/reports/sla?${query}`, 200);
      if (reply.body.buckets !== buckets) {
        throw new Error(`Expected ${buckets} buckets, the report summed ${String(reply.body.buckets)}`);
      }
    },
  });
  const to90 = dayOf(89);
  return [
    row(
      'getSlaReport 90 days, all groups',
      1,
      `from=${dayOf(0)}&to=${to90}`,
      90 * 5 * 4,
      '1,800 buckets: one Query page',
    ),
    row(
      'getSlaReport 90 days, one group',
      2,
      `from=${dayOf(0)}&to=${to90}&groupId=${groups[1]}`,
      90 * 5,
      'group GetItem + one Query page (450 buckets)',
    ),
    row(
      'getSlaReport 366 days, all groups',
      4,
      `from=${dayOf(0)}&to=${dayOf(365)}`,
      days * 5 * 4,
      '7,320 buckets: Query pages of 1 MB',
    ),
  ];
}
