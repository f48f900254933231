/**
 * The API client: openapi-fetch over the generated `paths` (schema.d.ts), with one middleware that sends the bearer
 * token and turns every non-2xx answer into a thrown `ApiProblem` carrying the parsed problem+json.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import { ApiProblem, type Problem } from '../lib/problem';
import type { operations, paths } from './schema';

export type Api = ReturnType<typeof createClient<paths>>;

/** The 2xx JSON body of an operation (the views the API returns). */
export type View<Op extends keyof operations, Status extends number = 200> =
  operations[Op]['responses'] extends Record<Status, { content: { 'application/json': infer Body } }> ? Body : never;

export type Incident = View<'getIncident'>;
export type QueueView = View<'getQueue'>;
export type Comment = View<'listComments'>['items'][number];
export type AuditEvent = View<'getHistory'>['items'][number];
export type Me = View<'getMe'>;

export function problemMiddleware(token: () => string | undefined, onUnauthorized?: () => void): Middleware {
  return {
    onRequest({ request }) {
      const bearer = token();
      if (bearer) request.headers.set('Authorization', `Bearer ${bearer}`);
      return request;
    },
    async onResponse({ response }) {
      if (response.ok) return response;
      let problem: Problem | undefined;
      const type = response.headers.get('content-type') ?? '';
      if (type.includes('json')) {
        const body = (await response
          .clone()
          .json()
          .catch(() => undefined)) as Problem | undefined;
        if (body && typeof body === 'object' && 'status' in body) problem = body;
      }
      if (response.status === 401) onUnauthorized?.();
      throw new ApiProblem(response.status, problem);
    },
  };
}

export function createApi(baseUrl: string, token: () => string | undefined, onUnauthorized?: () => void): Api {
  const api = createClient<paths>({ baseUrl });
  api.use(problemMiddleware(token, onUnauthorized));
  return api;
}

/** The body of a successful call (the middleware has already thrown for any other). */
export function ok<T>(result: { data?: T; response: Response }): T {
  if (result.data === undefined) throw new ApiProblem(result.response.status, undefined);
  return result.data;
}

/** The ETag of a response as the If-Match value to send back. */
export function etagOf(response: Response): string {
  return response.headers.get('ETag') ?? '';
}
