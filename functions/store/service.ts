import { Service } from 'electrodb';
import { env } from '../shared/env';
import { dynamo } from './client';
import { auditEventEntity } from './entities/audit-event.entity';
import { commentEntity } from './entities/comment.entity';
import { counterEntity } from './entities/counter.entity';
import { groupEntity } from './entities/group.entity';
import { idempotencyEntity } from './entities/idempotency.entity';
import { incidentEntity } from './entities/incident.entity';
import { linkEntity } from './entities/link.entity';
import { membershipEntity } from './entities/membership.entity';
import { queueStatsEntity } from './entities/queue-stats.entity';
import { routingRulesetEntity } from './entities/routing-ruleset.entity';
import { categoryEntity, serviceEntity } from './entities/taxonomy.entity';
import { watchEntity } from './entities/watch.entity';

const entities = {
  incident: incidentEntity,
  comment: commentEntity,
  auditEvent: auditEventEntity,
  counter: counterEntity,
  idempotency: idempotencyEntity,
  group: groupEntity,
  membership: membershipEntity,
  category: categoryEntity,
  service: serviceEntity,
  routingRuleset: routingRulesetEntity,
  watch: watchEntity,
  link: linkEntity,
  queueStats: queueStatsEntity,
};

function build() {
  return new Service(entities, { client: dynamo(), table: env().TABLE_NAME });
}

export type NimbusService = ReturnType<typeof build>;

let service: NimbusService | undefined;

/** The ElectroDB service over the one table, bound to the process's client and table name. */
export function nimbus(): NimbusService {
  service ??= build();
  return service;
}

export function resetNimbus(): void {
  service = undefined;
}
