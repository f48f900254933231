import { Service } from 'electrodb';
import { env } from '../shared/env';
import { dynamo } from './client';
import { personEntity } from './entities/person.entity';
import { personEmailEntity } from './entities/person-email.entity';
import { personTokenEntity } from './entities/person-token.entity';

const entities = { person: personEntity, personEmail: personEmailEntity, personToken: personTokenEntity };

function build() {
  return new Service(entities, { client: dynamo(), table: env().TABLE_NAME });
}

export type PeopleService = ReturnType<typeof build>;

let built: { service: PeopleService; client: unknown; table: string } | undefined;

/**
 * The people entities only, over the one table: a function that needs the directory builds three entities, not
 * all of them. Rebuilt when tests or the benchmark swap the client or the table.
 */
export function peopleService(): PeopleService {
  const client = dynamo();
  const table = env().TABLE_NAME;
  if (built?.client !== client || built.table !== table) built = { service: build(), client, table };
  return built.service;
}
