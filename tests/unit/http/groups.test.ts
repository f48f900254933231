import { describe, expect, it } from 'vitest';
import { handler } from '../../../functions/http/groups';
import { groupOperations } from '../../../functions/http/groups/operations';
import { routeKey, routes } from '../../../functions/http/routes';
import { apiEvent, jsonBody, lambdaContext, type Problem } from '../support/http';

const admin = { sub: 'user-erin', 'cognito:username': 'erin', 'cognito:groups': '[admins agents]' };
const agent = { sub: 'user-bob', 'cognito:username': 'bob', 'cognito:groups': '[agents]' };
const requester = { sub: 'user-alice', 'cognito:username': 'alice' };
const groupRoutes = routes.filter((r) => r.practice === 'groups');
const params = { id: 'network', userId: 'user-bob' };

describe('the groups function (requests refused before any storage call)', () => {
  it('has a handler for every groups route, and no handler without a route', () => {
    expect(Object.keys(groupOperations).sort()).toEqual(groupRoutes.map((r) => r.operation).sort());
  });

  it('answers 401 to every groups route without a token, and 403 to a requester', async () => {
    for (const route of groupRoutes) {
      const anonymous = await handler(apiEvent(routeKey(route), { pathParameters: params }), lambdaContext);
      expect(anonymous.statusCode, routeKey(route)).toBe(401);
      const asRequester = await handler(
        apiEvent(routeKey(route), { claims: requester, pathParameters: params }),
        lambdaContext,
      );
      expect(asRequester.statusCode, routeKey(route)).toBe(403);
    }
  });

  it('lets agents only read: every write and the history are 403 for them', async () => {
    const adminOnly = groupRoutes.filter((r) => r.method !== 'GET' || r.operation === 'getGroupHistory');
    expect(adminOnly.map((r) => r.operation).sort()).toEqual(
      ['addMember', 'createGroup', 'getGroupHistory', 'removeMember', 'updateGroup'].sort(),
    );
    for (const route of adminOnly) {
      const response = await handler(
        apiEvent(routeKey(route), { claims: agent, pathParameters: params }),
        lambdaContext,
      );
      expect(response.statusCode, routeKey(route)).toBe(403);
      expect(jsonBody<Problem>(response).code).toBe('FORBIDDEN');
    }
  });

  it('answers 428 to a PATCH without If-Match and 400 naming each bad field of a new group', async () => {
    const patch = await handler(
      apiEvent('PATCH /groups/{id}', {
        claims: admin,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Net' }),
        pathParameters: params,
      }),
      lambdaContext,
    );
    expect(patch.statusCode).toBe(428);

    const create = await handler(
      apiEvent('POST /groups', {
        claims: admin,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id: '-x', manager: { id: 'u1', username: 'a b' } }),
      }),
      lambdaContext,
    );
    expect(create.statusCode).toBe(400);
    expect(
      jsonBody<Problem>(create)
        .errors?.map((e) => e.path)
        .sort(),
    ).toEqual(['id', 'manager.username', 'name']);
  });
});
