import { slaReportDeps } from '../../compose/reports';
import { getSlaReport } from '../../domain/reports/get-sla-report';
import { callerDeps } from '../kernel/caller';
import type { PracticeOperations } from '../kernel/practice-router';
import { ok } from '../kernel/results';

export const reportOperations: PracticeOperations<'reports'> = {
  async getSlaReport(request) {
    return ok(await getSlaReport(request.query, slaReportDeps(callerDeps(request))));
  },
};
