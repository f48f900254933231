/** What the reports practice's operations accept and return (the OpenAPI document is generated from these). */
import * as z from 'zod/mini';
import { slaReportQuerySchema } from '../../domain/reports/get-sla-report';
import type { PracticeSchemas } from '../kernel/schemas';

const compliance = z.object({
  compliancePercent: z.nullable(z.number()).register(z.globalRegistry, {
    description: 'met in time / (met in time + breached) × 100, two decimals; null when nothing counted',
  }),
  met: z.int().register(z.globalRegistry, { description: 'Clocks met in time, on the UTC day they were met' }),
  breached: z.int().register(z.globalRegistry, {
    description: 'Clocks breached (once each), on the UTC day of the breach (or of being met late, if never stamped)',
  }),
  meanSeconds: z.nullable(z.int()).register(z.globalRegistry, {
    description: 'Mean business seconds of the clocks met (in time or late); null when none',
  }),
  measured: z.int().register(z.globalRegistry, { description: 'Clocks met (in time or late) behind the mean' }),
  totalSeconds: z.int(),
});

const slaReportView = z.object({
  from: z.string(),
  to: z.string(),
  groupId: z.nullable(z.string()),
  response: compliance,
  resolution: compliance,
  breachesByPriority: z.record(z.string(), z.int()),
  breachesByGroup: z.record(z.string(), z.int()),
  buckets: z.int(),
});

export const reportSchemas = {
  getSlaReport: { query: slaReportQuerySchema, success: 200, response: slaReportView, problems: [422] },
} as const satisfies PracticeSchemas<'reports'>;
