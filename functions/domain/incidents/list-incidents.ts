import { isFulfiller } from '../actor';
import { ForbiddenError, ValidationError } from '../errors';
import { parseWith } from '../validation';
import { listIncidentsSchema } from './commands';
import type { IncidentDeps } from './deps';
import type { Incident } from './incident';
import type { IncidentScope, Page } from './ports';

/**
 * Lists incidents with at most one of requester / assignee / assignmentGroup, optionally with status.
 * Each combination is one Query per page on an index built for it (docs/access-patterns.md).
 * Requesters may only list their own (`requester=me` is implied for them).
 */
export async function listIncidents(query: unknown, { actor, incidents }: IncidentDeps): Promise<Page<Incident>> {
  const q = parseWith(listIncidentsSchema, query);
  const me = (value: string) => (value === 'me' ? actor.id : value);
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
