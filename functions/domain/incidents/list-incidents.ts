import type * as z from 'zod/mini';
import { type Actor, isFulfiller } from '../shared/actor';
import { ForbiddenError, ValidationError } from '../shared/errors';
import type { Page } from '../shared/page';
import { parseWith } from '../shared/validation';
import { listIncidentsSchema } from './commands';
import type { IncidentDeps } from './deps';
import type { Incident } from './incident';
import type { IncidentScope } from './ports';

type ListIncidentsQuery = z.output<typeof listIncidentsSchema>;

/**
 * Lists incidents with at most one of requester / assignee / assignmentGroup, optionally with status.
 * Each combination is one Query per page on an index built for it (docs/access-patterns.md).
 * Requesters may only list their own (`requester=me` is implied for them).
 */
export async function listIncidents(query: unknown, deps: IncidentDeps): Promise<Page<Incident>> {
  const { actor, incidents } = deps;
  const q = parseWith(listIncidentsSchema, query);
  const me = (value: string) => (value === 'me' ? actor.id : value);
  if (q.watching !== undefined) return listWatched(q, actor, deps);
  const narrowing = (['requester', 'assignee', 'assignmentGroup'] as const).filter((k) => q[k] !== undefined);
  if (narrowing.length > 1) {
    throw new ValidationError(
      narrowing.map((path) => ({ path, message: `Combine at most one of requester, assignee, assignmentGroup` })),
    );
  }
  let scope: IncidentScope;
  if (q.requester !== undefined) scope = { by: 'requester', value: me(q.requester) };
  else if (q.assignee !== undefined) scope = { by: 'assignee', value: me(q.assignee) };
  else if (q.assignmentGroup !== undefined) scope = { by: 'assignmentGroup', value: q.assignmentGroup };
  else scope = { by: 'all' };

  if (!isFulfiller(actor)) {
    if (scope.by === 'all') scope = { by: 'requester', value: actor.id };
    if (scope.by !== 'requester' || scope.value !== actor.id) throw new ForbiddenError("list other people's incidents");
  }
  return incidents.list({ scope, status: q.status, limit: q.limit, cursor: q.cursor });
}

/**
 * `watching=me|<user id>`: the watch items of the user (one Query on the watch index, newest incident first) and
 * one BatchGetItem of those incidents — 2 calls per page. The incident is not copied into each watch item: that
 * would turn every incident write into one write per watcher. For the same reason `status` cannot narrow this
 * list: the status lives on the incident, so it could only filter after the page was read (short or empty pages).
 */
async function listWatched(q: ListIncidentsQuery, actor: Actor, deps: IncidentDeps): Promise<Page<Incident>> {
  const clashes = (['requester', 'assignee', 'assignmentGroup', 'status'] as const).filter((k) => q[k] !== undefined);
  if (clashes.length > 0) {
    throw new ValidationError([
      ...clashes.map((path) => ({
        path,
        message:
          path === 'status'
            ? 'Cannot narrow watching by status: the status is on the incident, not on the watch'
            : 'Combine watching with none of requester, assignee, assignmentGroup',
      })),
    ]);
  }
  const userId = q.watching === 'me' ? actor.id : (q.watching as string);
  if (!isFulfiller(actor) && userId !== actor.id) throw new ForbiddenError('list what other people watch');
  if (!deps.watches) throw new Error('listIncidents with watching needs the watch repository');
  return deps.watches.watchedIncidents(userId, { limit: q.limit, cursor: q.cursor });
}
