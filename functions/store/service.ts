import { Service } from 'electrodb';
import { auditEventEntity } from './entities/audit-event.entity';
import { calendarEntity } from './entities/calendar.entity';
import { changeEntity } from './entities/change.entity';
import { changeRiskQuestionEntity } from './entities/change-risk-question.entity';
import { changeTemplateEntity } from './entities/change-template.entity';
import { commentEntity } from './entities/comment.entity';
import { counterEntity } from './entities/counter.entity';
import { groupEntity } from './entities/group.entity';
import { idempotencyEntity } from './entities/idempotency.entity';
import { incidentEntity } from './entities/incident.entity';
import { resetEntities } from './entities/lazy-entity';
import { linkEntity } from './entities/link.entity';
import { membershipEntity } from './entities/membership.entity';
import { queueStatsEntity } from './entities/queue-stats.entity';
import { routingRulesetEntity } from './entities/routing-ruleset.entity';
import { slaPolicyEntity } from './entities/sla-policy.entity';
import { slaReportBucketEntity } from './entities/sla-report-bucket.entity';
import { slaReportContributionEntity } from './entities/sla-report-contribution.entity';
import { categoryEntity, serviceEntity } from './entities/taxonomy.entity';
import { watchEntity } from './entities/watch.entity';

/**
 * Every entity of the table in one ElectroDB Service: for tools that seed or inspect the table (the local stack's
 * demo data, tests, the bench). The functions never build it: their repositories use the entities they need
 * (functions/store/entities/lazy-entity.ts).
 */
function build() {
  return new Service({
    incident: incidentEntity(),
    comment: commentEntity(),
    auditEvent: auditEventEntity(),
    counter: counterEntity(),
    idempotency: idempotencyEntity(),
    group: groupEntity(),
    membership: membershipEntity(),
    category: categoryEntity(),
    service: serviceEntity(),
    routingRuleset: routingRulesetEntity(),
    watch: watchEntity(),
    link: linkEntity(),
    queueStats: queueStatsEntity(),
    calendar: calendarEntity(),
    slaPolicy: slaPolicyEntity(),
    slaReportBucket: slaReportBucketEntity(),
    slaReportContribution: slaReportContributionEntity(),
    change: changeEntity(),
    changeTemplate: changeTemplateEntity(),
    changeRiskQuestion: changeRiskQuestionEntity(),
  });
}

export type NimbusService = ReturnType<typeof build>;

let service: NimbusService | undefined;

/** The whole table as one ElectroDB service, bound to the process's client and table name. */
export function nimbus(): NimbusService {
  service ??= build();
  return service;
}

/** After the client or table changed (tests, the local stack): every entity is built again on next use. */
export function resetNimbus(): void {
  service = undefined;
  resetEntities();
}
