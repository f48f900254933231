import { Service } from 'electrodb';
import { env } from '../shared/env';
import { dynamo } from './client';
import { auditEventEntity } from './entities/audit-event.entity';
import { commentEntity } from './entities/comment.entity';
import { membershipEntity } from './entities/membership.entity';
import { sentMailEntity } from './entities/sent-mail.entity';
import { suppressionEntity } from './entities/suppression.entity';
import { watchEntity } from './entities/watch.entity';

/**
 * The entities notifications use, and nothing else (a function builds only what it needs at cold start): their own
 * (suppressions, sent mail, the audit events of suppression changes) and what planning reads (watchers, comments,
 * group memberships).
 */
const entities = {
  suppression: suppressionEntity,
  sentMail: sentMailEntity,
  auditEvent: auditEventEntity,
  watch: watchEntity,
  comment: commentEntity,
  membership: membershipEntity,
};

function build(client: ReturnType<typeof dynamo>, table: string) {
  return new Service(entities, { client, table });
}

export type NotificationService = ReturnType<typeof build>;

let cached: { service: NotificationService; client: ReturnType<typeof dynamo>; table: string } | undefined;

/** Bound to the process's current client and table (tests swap both between files). */
export function notificationStore(): NotificationService {
  const client = dynamo();
  const table = env().TABLE_NAME;
  if (cached?.client !== client || cached.table !== table) cached = { service: build(client, table), client, table };
  return cached.service;
}
