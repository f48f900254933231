import { Service } from 'electrodb';
import { env } from '../shared/env';
import { dynamo } from './client';
import { auditEventEntity } from './entities/audit-event.entity';
import { commentEntity } from './entities/comment.entity';
import { counterEntity } from './entities/counter.entity';
import { idempotencyEntity } from './entities/idempotency.entity';
import { incidentEntity } from './entities/incident.entity';

const entities = {
  incident: incidentEntity,
  comment: commentEntity,
  auditEvent: auditEventEntity,
  counter: counterEntity,
  idempotency: idempotencyEntity,
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
