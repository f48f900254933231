/** Examples of the reports practice's operations for the OpenAPI document (only functions/http/openapi.ts imports this). */
import type { PracticeExamples } from '../kernel/examples';
import type { reportSchemas } from './schemas';

export const reportExamples: PracticeExamples<typeof reportSchemas> = {
  getSlaReport: {
    response: {
      from: '2026-03-01',
      to: '2026-03-31',
      groupId: 'network',
      response: {
        compliancePercent: 95.24,
        met: 40,
        breached: 2,
        meanSeconds: 1260,
        measured: 42,
        totalSeconds: 52_920,
      },
      resolution: {
        compliancePercent: 87.5,
        met: 35,
        breached: 5,
        meanSeconds: 15_840,
        measured: 39,
        totalSeconds: 617_760,
      },
      breachesByPriority: { P2: 1, P3: 2, P4: 4 },
      breachesByGroup: { network: 7 },
      buckets: 31,
    },
  },
};
