import type { SlaReportDeps } from '../domain/reports/get-sla-report';
import type { CallerDeps } from '../domain/shared/caller';
import { groupRepository } from '../store/group-repository';
import { slaBucketReader } from '../store/sla-report-repository';

/** The reports practice wired to the store (read only), for `caller`. */
export function slaReportDeps(caller: CallerDeps): SlaReportDeps {
  return { ...caller, reports: slaBucketReader, groups: groupRepository };
}
