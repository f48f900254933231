import type { RouteSpec } from '../route-spec';

/** Routes of the people practice: the people directory. Metadata only: ../routes.ts gathers them. */
export const peopleRoutes = [
  {
    method: 'GET',
    path: '/users',
    practice: 'people',
    operation: 'searchPeople',
    summary: 'Find people by the start of their name, username or e-mail address (?query=)',
    roles: ['agent', 'admin'],
  },
  {
    method: 'GET',
    path: '/users/{id}',
    practice: 'people',
    operation: 'getPerson',
    summary: 'Read a person (me: the caller; requesters may read only themselves)',
    roles: ['requester'],
  },
  {
    method: 'POST',
    path: '/users/sync',
    practice: 'people',
    operation: 'syncPeople',
    summary: 'Bring the people directory in line with the identity provider (Cognito)',
    roles: ['admin'],
  },
] as const satisfies readonly RouteSpec<'people'>[];
