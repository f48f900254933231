import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { handler as incidentsHandler } from '../../functions/http/incidents';
import { handler as peopleHandler } from '../../functions/http/people';
import { dynamo } from '../../functions/store/client';
import { peopleRepository } from '../../functions/store/people-repository';
import { DynamoCounter } from '../bench/ddb-counter';
import { useFreshTable } from '../support/table';
import { apiEvent, jsonBody, lambdaContext } from '../unit/support/http';

const counter = new DynamoCounter();

/** A user the directory has never seen, with the claims a Cognito ID token carries. */
function newcomer(groups = '[agents]') {
  const sub = randomUUID();
  const username = `nora-${sub.slice(0, 8)}`;
  return {
    sub,
    'cognito:username': username,
    name: 'Nora North',
    email: `${username}@example.com`,
    'cognito:groups': groups,
  };
}

const getMe = (claims: Record<string, string>) =>
  peopleHandler(apiEvent('GET /users/{id}', { claims, pathParameters: { id: 'me' } }), lambdaContext);
const listIncidents = (claims: Record<string, string>) =>
  incidentsHandler(apiEvent('GET /incidents', { claims }), lambdaContext);

async function counted<T>(call: () => Promise<T>): Promise<[T, Record<string, number>]> {
  counter.start();
  try {
    const result = await call();
    return [result, counter.stop().byCommand];
  } finally {
    counter.stop();
  }
}

beforeAll(async () => {
  await useFreshTable('people-refresh');
  counter.install(dynamo());
});

describe('every authenticated request refreshes the caller from their token', () => {
  it('creates a new caller on their first call (GET /users/me finds them) and writes nothing on the second the same day', async () => {
    const claims = newcomer('[]');
    const [first, firstCalls] = await counted(() => getMe(claims));
    expect(first.statusCode).toBe(200);
    expect(jsonBody(first)).toMatchObject({ id: claims.sub, name: 'Nora North', email: claims.email, active: true });
    // The refresh: GetItem + the person's transaction; then the operation's GetItem of the caller.
    expect(firstCalls).toEqual({ GetItem: 2, TransactWriteItems: 1 });

    const [second, secondCalls] = await counted(() => getMe(claims));
    expect(second.statusCode).toBe(200);
    expect(secondCalls).toEqual({ GetItem: 1 });
  });

  it('runs in every practice that may write: a list of incidents creates the caller, and costs only its Query after', async () => {
    const claims = newcomer();
    const [first, firstCalls] = await counted(() => listIncidents(claims));
    expect(first.statusCode).toBe(200);
    expect(firstCalls).toEqual({ GetItem: 1, TransactWriteItems: 1, Query: 1 });
    expect(await peopleRepository.get(claims.sub)).toMatchObject({ username: claims['cognito:username'] });

    const [, secondCalls] = await counted(() => listIncidents(claims));
    expect(secondCalls).toEqual({ Query: 1 });
  });

  it('never fails the request: a refresh whose write fails is logged, and the operation answers', async () => {
    const claims = newcomer();
    const name = 'failPersonWrites';
    dynamo().middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'TransactWriteItemsCommand') throw new Error('Simulated outage');
        return next(args);
      },
      { step: 'initialize', name },
    );
    try {
      const response = await listIncidents(claims);
      expect(response.statusCode).toBe(200);
    } finally {
      dynamo().middlewareStack.remove(name);
    }
    expect(await peopleRepository.get(claims.sub)).toBeUndefined();
    // The next request tries again, and creates them.
    expect((await listIncidents(claims)).statusCode).toBe(200);
    expect(await peopleRepository.get(claims.sub)).toMatchObject({ name: 'Nora North' });
  });
});
