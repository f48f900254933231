import type { RouteSpec } from '../route-spec';

/** Routes of the meta practice (who am I, the API description). Metadata only: ../routes.ts gathers them. */
export const metaRoutes = [
  {
    method: 'GET',
    path: '/openapi.json',
    practice: 'meta',
    operation: 'getOpenApi',
    summary: 'OpenAPI 3.1 document of this API',
    public: true,
  },
  {
    method: 'GET',
    path: '/me',
    practice: 'meta',
    operation: 'getMe',
    summary: 'Who the token says I am',
    roles: ['requester'],
  },
] as const satisfies readonly RouteSpec<'meta'>[];
