import type { RouteSpec } from '../route-spec';

/** Routes of the e-mail practice: the quarantine and reprocessing of stored mail (admins). Metadata only. */
export const emailRoutes = [
  {
    method: 'GET',
    path: '/email/quarantine',
    practice: 'email',
    operation: 'listQuarantine',
    summary: 'Received mail that became no ticket or comment, newest first (?reason=auto_reply|bounce|…)',
    roles: ['admin'],
  },
  {
    method: 'GET',
    path: '/email/quarantine/{id}',
    practice: 'email',
    operation: 'getQuarantine',
    summary: 'One quarantined message: reason, detail, sender, subject, a summary of its headers',
    roles: ['admin'],
  },
  {
    method: 'POST',
    path: '/email/quarantine/{id}/release',
    practice: 'email',
    operation: 'releaseQuarantine',
    summary: 'Turn a quarantined message into a ticket (or a comment on the ticket it answers); again: unchanged',
    roles: ['admin'],
  },
  {
    method: 'POST',
    path: '/email/messages/reprocess',
    practice: 'email',
    operation: 'reprocessMessage',
    summary: 'Run a stored raw message (its bucket key) through intake again; a processed one answers duplicate',
    roles: ['admin'],
  },
] as const satisfies readonly RouteSpec<'email'>[];
