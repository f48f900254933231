import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../../../functions/domain/shared/errors';
import { practiceRouter } from '../../../../functions/http/kernel/practice-router';
import type { HttpRequest, OperationHandler } from '../../../../functions/http/kernel/types';
import { apiEvent, jsonBody, lambdaContext, type Problem } from '../../support/http';

const claims = { sub: 'user-alice', 'cognito:username': 'alice', 'cognito:groups': '[agents]' };
const ok: OperationHandler = async () => ({ status: 204 });

/** A meta router whose getMe does `run`; getOpenApi stays trivial. */
function metaRouter(run: OperationHandler) {
  return practiceRouter('meta', { getMe: run, getOpenApi: ok });
}

describe('practiceRouter', () => {
  it('refuses to start when a route of the practice has no handler', () => {
    // @ts-expect-error the typecheck already refuses a map without getOpenApi; the router checks again at cold start
    expect(() => practiceRouter('meta', { getMe: ok })).toThrow(/no handler for getOpenApi/);
  });

  it('refuses to start with a handler no route points at', () => {
    // @ts-expect-error the typecheck already refuses an operation no route names; the router checks again
    expect(() => practiceRouter('meta', { getMe: ok, getOpenApi: ok, deleteEverything: ok })).toThrow(
      /deleteEverything of meta has no route/,
    );
  });

  it('answers an unknown route key with a 404 problem+json', async () => {
    // Prepare
    const handler = metaRouter(ok);
    // Act
    const response = await handler(apiEvent('DELETE /me', { claims }), lambdaContext);
    // Assess
    expect(response.statusCode).toBe(404);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
    expect(jsonBody<Problem>(response)).toMatchObject({ status: 404, code: 'ROUTE_NOT_FOUND', instance: '/me' });
  });

  it('answers what no route matches ($default) with 405 and Allow when the path is served, else 404', async () => {
    const handler = metaRouter(ok);
    const unmatched = (method: string, path: string) => {
      const event = apiEvent(`${method} ${path}`);
      return handler(
        { ...event, routeKey: '$default', requestContext: { ...event.requestContext, routeKey: '$default' } },
        lambdaContext,
      );
    };
    const wrongMethod = await unmatched('PUT', '/incidents/INC0001001');
    expect(wrongMethod.statusCode).toBe(405);
    expect(wrongMethod.headers).toMatchObject({ 'content-type': 'application/problem+json', allow: 'GET, PATCH' });
    expect(jsonBody<Problem>(wrongMethod)).toMatchObject({ status: 405, code: 'METHOD_NOT_ALLOWED' });
    const nowhere = await unmatched('GET', '/nowhere/at/all');
    expect(nowhere.statusCode).toBe(404);
    expect(nowhere.headers).not.toHaveProperty('allow');
    expect(jsonBody<Problem>(nowhere)).toMatchObject({
      status: 404,
      code: 'ROUTE_NOT_FOUND',
      instance: '/nowhere/at/all',
    });
  });

  it('turns a plain Error into a generic 500 that does not leak its message', async () => {
    const handler = metaRouter(async () => {
      throw new Error('connect ECONNREFUSED 10.0.0.7:8000 table=prod-secret');
    });
    const response = await handler(apiEvent('GET /me', { claims }), lambdaContext);
    expect(response.statusCode).toBe(500);
    expect(jsonBody<Problem>(response)).toMatchObject({ status: 500, code: 'INTERNAL' });
    expect(response.body).not.toContain('ECONNREFUSED');
    expect(response.body).not.toContain('prod-secret');
  });

  it('answers a domain error with its own status and code', async () => {
    const handler = metaRouter(async () => {
      throw new ConflictError('Already there', 'DUPLICATE');
    });
    const response = await handler(apiEvent('GET /me', { claims }), lambdaContext);
    expect(response.statusCode).toBe(409);
    expect(jsonBody<Problem>(response)).toMatchObject({ code: 'DUPLICATE', detail: 'Already there' });
  });

  it('answers 401 on a protected route without a verified subject, without running the handler', async () => {
    let ran = false;
    const handler = metaRouter(async () => {
      ran = true;
      return { status: 200 };
    });
    const response = await handler(apiEvent('GET /me'), lambdaContext);
    expect(response.statusCode).toBe(401);
    expect(ran).toBe(false);
  });

  it('serves a public route without a token', async () => {
    const handler = practiceRouter('meta', { getMe: ok, getOpenApi: async () => ({ status: 200, body: { ok: 1 } }) });
    const response = await handler(apiEvent('GET /openapi.json'), lambdaContext);
    expect(response.statusCode).toBe(200);
    expect(jsonBody(response)).toEqual({ ok: 1 });
  });

  it('hands the operation the actor, path parameters (as API Gateway decoded them), query, lower-cased headers and parsed body', async () => {
    // Prepare
    let seen: HttpRequest | undefined;
    const handler = metaRouter(async (request) => {
      seen = request;
      return { status: 200, body: 'plain', headers: { 'content-type': 'text/plain' } };
    });
    const event = apiEvent('GET /me', {
      claims,
      headers: { 'Content-Type': 'application/json', 'X-Trace': 't-1' },
      body: '{"hello":"world"}',
      pathParameters: { id: 'INC 0001' },
      queryStringParameters: { limit: '5' },
    });
    // Act
    const response = await handler(event, lambdaContext);
    // Assess
    expect(response).toEqual({ statusCode: 200, headers: { 'content-type': 'text/plain' }, body: 'plain' });
    expect(seen).toMatchObject({
      routeKey: 'GET /me',
      method: 'GET',
      params: { id: 'INC 0001' },
      query: { limit: '5' },
      headers: { 'x-trace': 't-1' },
      body: { hello: 'world' },
      actor: { id: 'user-alice', username: 'alice' },
    });
    expect(seen?.actor?.roles).toContain('agent');
  });

  it('hands path parameters to the operation as API Gateway delivers them (already decoded)', async () => {
    // Prepare
    let seen: string | undefined;
    const handler = metaRouter(async (request) => {
      seen = request.params.id;
      return { status: 200 };
    });
    // Act
    await handler(apiEvent('GET /me', { claims, pathParameters: { id: '%E0%A4%A' } }), lambdaContext);
    // Assess
    expect(seen).toBe('%E0%A4%A');
  });

  it('answers body problems (415) as problem+json before the operation runs', async () => {
    const handler = metaRouter(ok);
    const event = apiEvent('GET /me', { claims, headers: { 'content-type': 'text/plain' }, body: 'hi' });
    const response = await handler(event, lambdaContext);
    expect(response.statusCode).toBe(415);
    expect(jsonBody<Problem>(response).code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('sends JSON bodies as application/json and no body when there is none', async () => {
    const json = await metaRouter(async () => ({ status: 200, body: { a: 1 } }))(
      apiEvent('GET /me', { claims }),
      lambdaContext,
    );
    expect(json.headers?.['content-type']).toBe('application/json');
    const empty = await metaRouter(ok)(apiEvent('GET /me', { claims }), lambdaContext);
    expect(empty).toEqual({ statusCode: 204, headers: {} });
  });

  it('never answers 500 to whatever a client sends around a working operation', async () => {
    const handler = metaRouter(async (request) => ({ status: 200, body: { echo: request.body ?? null } }));
    const request = fc.record({
      body: fc.option(fc.oneof(fc.string(), fc.json(), fc.string({ unit: 'binary' })), { nil: undefined }),
      isBase64Encoded: fc.boolean(),
      contentType: fc.constantFrom('application/json', 'application/problem+json', 'text/plain', ''),
      id: fc.oneof(fc.string(), fc.webSegment(), fc.constantFrom('%', '%E0%A4%A', '%25', 'INC0001001')),
      groups: fc.oneof(fc.string(), fc.array(fc.string())),
    });
    await fc.assert(
      fc.asyncProperty(request, async ({ body, isBase64Encoded, contentType, id, groups }) => {
        const event = apiEvent('GET /me', {
          claims: { sub: 'user-x', 'cognito:groups': groups },
          headers: contentType ? { 'content-type': contentType } : {},
          body,
          isBase64Encoded,
          pathParameters: { id },
        });
        const response = await handler(event, lambdaContext);
        expect(response.statusCode).toBeLessThan(500);
      }),
      { numRuns: 300 },
    );
  });
});
