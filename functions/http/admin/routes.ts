import type { RouteSpec } from '../route-spec';

/**
 * Routes of the admin practice: the dispatcher's dead letters and the mail suppression list. Metadata only:
 * ../routes.ts gathers them. A dead letter's id is `<consumer>:<eventId>`; `:` is allowed in a path segment, and
 * `%3A` works too (both runtimes hand the operation the decoded parameter).
 */
export const adminRoutes = [
  {
    method: 'GET',
    path: '/dead-letters',
    practice: 'admin',
    operation: 'listDeadLetters',
    summary: 'Consequences that failed on every attempt (?state=dead|redrive|redriven), oldest failure first',
    roles: ['admin'],
  },
  {
    method: 'GET',
    path: '/dead-letters/{id}',
    practice: 'admin',
    operation: 'getDeadLetter',
    summary: 'One dead letter (id `<consumer>:<eventId>`)',
    roles: ['admin'],
  },
  {
    method: 'POST',
    path: '/dead-letters/{id}/redrive',
    practice: 'admin',
    operation: 'redriveDeadLetter',
    summary: 'Run the failed consumer again on its event, after commit (202; the letter becomes redriven or dead)',
    roles: ['admin'],
  },
  {
    method: 'GET',
    path: '/suppressions',
    practice: 'admin',
    operation: 'listSuppressions',
    summary: 'Addresses Nimbus never mails, in address order',
    roles: ['admin'],
  },
  {
    method: 'POST',
    path: '/suppressions',
    practice: 'admin',
    operation: 'addSuppression',
    summary: 'Stop mailing an address (already suppressed: 200, unchanged)',
    roles: ['admin'],
  },
  {
    method: 'GET',
    path: '/suppressions/{address}',
    practice: 'admin',
    operation: 'getSuppression',
    summary: 'One suppressed address (any case)',
    roles: ['admin'],
  },
  {
    method: 'DELETE',
    path: '/suppressions/{address}',
    practice: 'admin',
    operation: 'removeSuppression',
    summary: 'Mail an address again',
    roles: ['admin'],
  },
] as const satisfies readonly RouteSpec<'admin'>[];
