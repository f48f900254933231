import { describe, expect, it } from 'vitest';
import { adminOperations } from '../../../functions/http/admin/operations';
import { changeOperations } from '../../../functions/http/changes/operations';
import { emailOperations } from '../../../functions/http/email/operations';
import { groupOperations } from '../../../functions/http/groups/operations';
import { handler as incidentsHandler } from '../../../functions/http/incidents';
import { incidentOperations } from '../../../functions/http/incidents/operations';
import { handler as metaHandler } from '../../../functions/http/meta';
import { metaOperations } from '../../../functions/http/meta/operations';
import { peopleOperations } from '../../../functions/http/people/operations';
import { reportOperations } from '../../../functions/http/reports/operations';
import { type Practice, practiceEntry, practices, routeKey, routes } from '../../../functions/http/routes';
import { routingOperations } from '../../../functions/http/routing/operations';
import { slaOperations } from '../../../functions/http/sla/operations';
import { apiEvent, jsonBody, lambdaContext, type Problem } from '../support/http';

const claims = { sub: 'user-bob', 'cognito:username': 'bob', 'cognito:groups': '[agents]' };
const operationsOf = (practice: string) => routes.filter((r) => r.practice === practice).map((r) => r.operation);

describe('the route table', () => {
  it('declares each method and path once, and each operation once', () => {
    expect(new Set(routes.map(routeKey)).size).toBe(routes.length);
    expect(new Set(routes.map((r) => r.operation)).size).toBe(routes.length);
  });

  it('either marks a route public or names the roles that may call it', () => {
    for (const route of routes) {
      expect('public' in route ? !('roles' in route) : 'roles' in route && route.roles.length > 0).toBe(true);
    }
  });

  it('has a handler for every incidents route, and no handler without a route', () => {
    expect(Object.keys(incidentOperations).sort()).toEqual(operationsOf('incidents').sort());
  });

  it("has exactly one handler per route in every practice's operations map", () => {
    const maps: Record<Practice, object> = {
      meta: metaOperations,
      incidents: incidentOperations,
      routing: routingOperations,
      groups: groupOperations,
      admin: adminOperations,
      people: peopleOperations,
      sla: slaOperations,
      reports: reportOperations,
      email: emailOperations,
      changes: changeOperations,
    };
    for (const practice of practices) {
      expect(Object.keys(maps[practice]).sort(), practice).toEqual(operationsOf(practice).sort());
    }
  });

  it('gives every practice a Lambda entry whose router serves all of its routes', async () => {
    for (const practice of practices) {
      // practiceRouter throws at import when a route of the practice has no handler (or a handler no route)
      const entry: { handler?: unknown } = await import(/* @vite-ignore */ `../../../${practiceEntry(practice)}`);
      expect(typeof entry.handler, practice).toBe('function');
    }
  });
});

describe('the meta function', () => {
  it('tells a signed-in user who the token says they are (GET /me)', async () => {
    // Act
    const response = await metaHandler(
      apiEvent('GET /me', { claims: { ...claims, email: 'bob@example.test' } }),
      lambdaContext,
    );
    // Assess
    expect(response.statusCode).toBe(200);
    const me = jsonBody<{ id: string; username: string; email: string; roles: string[] }>(response);
    expect(me).toMatchObject({ id: 'user-bob', username: 'bob', email: 'bob@example.test' });
    expect(me.roles.sort()).toEqual(['agent', 'requester']);
  });

  it('serves the OpenAPI document without a token (GET /openapi.json)', async () => {
    const response = await metaHandler(apiEvent('GET /openapi.json'), lambdaContext);
    expect(response.statusCode).toBe(200);
    expect(response.headers?.['content-type']).toBe('application/json');
    const doc = jsonBody<{ openapi: string; paths: Record<string, unknown> }>(response);
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual([...new Set(routes.map((r) => r.path))].sort());
  });

  it('answers 401 for GET /me without a token', async () => {
    const response = await metaHandler(apiEvent('GET /me'), lambdaContext);
    expect(response.statusCode).toBe(401);
    expect(jsonBody<Problem>(response).code).toBe('UNAUTHORIZED');
  });

  it('serves every meta route it is given', async () => {
    for (const route of routes.filter((r) => r.practice === 'meta')) {
      const response = await metaHandler(apiEvent(routeKey(route), { claims }), lambdaContext);
      expect(response.statusCode, routeKey(route)).toBe(200);
    }
  });
});

describe('the incidents function (requests refused before any storage call)', () => {
  it('answers 428 to a PATCH without If-Match', async () => {
    const event = apiEvent('PATCH /incidents/{id}', {
      claims,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ urgency: 1 }),
      pathParameters: { id: 'INC0001001' },
    });
    const response = await incidentsHandler(event, lambdaContext);
    expect(response.statusCode).toBe(428);
    expect(jsonBody<Problem>(response).code).toBe('IF_MATCH_REQUIRED');
  });

  it('answers 400 naming If-Match when it is garbage', async () => {
    const event = apiEvent('PATCH /incidents/{id}', {
      claims,
      headers: { 'content-type': 'application/json', 'if-match': 'latest' },
      body: JSON.stringify({ urgency: 1 }),
      pathParameters: { id: 'INC0001001' },
    });
    const response = await incidentsHandler(event, lambdaContext);
    expect(response.statusCode).toBe(400);
    expect(jsonBody<Problem>(response).errors).toEqual([{ path: 'If-Match', message: expect.any(String) }]);
  });

  it('answers 400 listing each bad field of a new incident', async () => {
    const event = apiEvent('POST /incidents', {
      claims,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: '', impact: 9, urgency: 1, description: 'x', secret: true }),
    });
    const response = await incidentsHandler(event, lambdaContext);
    expect(response.statusCode).toBe(400);
    expect(
      jsonBody<Problem>(response)
        .errors?.map((e) => e.path)
        .sort(),
    ).toEqual(['impact', 'secret', 'title']);
  });

  it('answers 413 to a body over 256 KB', async () => {
    const event = apiEvent('POST /incidents', {
      claims,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ description: 'x'.repeat(300 * 1024) }),
    });
    const response = await incidentsHandler(event, lambdaContext);
    expect(response.statusCode).toBe(413);
  });

  it('answers 400 MALFORMED_JSON to a broken body', async () => {
    const event = apiEvent('POST /incidents', {
      claims,
      headers: { 'content-type': 'application/json' },
      body: '{"title":',
    });
    const response = await incidentsHandler(event, lambdaContext);
    expect(response.statusCode).toBe(400);
    expect(jsonBody<Problem>(response).code).toBe('MALFORMED_JSON');
  });

  it('answers a route key it does not serve with a 404 problem+json', async () => {
    const response = await incidentsHandler(apiEvent('DELETE /incidents', { claims }), lambdaContext);
    expect(response.statusCode).toBe(404);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
    expect(jsonBody<Problem>(response).code).toBe('ROUTE_NOT_FOUND');
  });

  it('answers 401 to every incidents route without a token', async () => {
    for (const route of routes.filter((r) => r.practice === 'incidents')) {
      const response = await incidentsHandler(
        apiEvent(routeKey(route), { pathParameters: { id: 'INC0001001', commentId: '01JNV8B0000000000000000001' } }),
        lambdaContext,
      );
      expect(response.statusCode, routeKey(route)).toBe(401);
    }
  });
});
