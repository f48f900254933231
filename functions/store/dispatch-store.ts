import { Service } from 'electrodb';
import { env } from '../shared/env';
import { dynamo } from './client';
import { auditEventEntity } from './entities/audit-event.entity';
import { deadLetterEntity } from './entities/dead-letter.entity';
import { deliveryEntity } from './entities/delivery.entity';

const entities = { delivery: deliveryEntity, deadLetter: deadLetterEntity, auditEvent: auditEventEntity };

function build() {
  return new Service(entities, { client: dynamo(), table: env().TABLE_NAME });
}

let built: { service: ReturnType<typeof build>; client: unknown; table: string } | undefined;

/** The dispatcher's entities only (cold start), rebuilt when tests or the local stack point the store elsewhere. */
export function dispatchStore(): ReturnType<typeof build> {
  const client = dynamo();
  const table = env().TABLE_NAME;
  if (!built || built.client !== client || built.table !== table) built = { service: build(), client, table };
  return built.service;
}
