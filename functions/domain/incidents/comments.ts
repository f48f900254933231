import { isFulfiller } from '../shared/actor';
import type { AuditEvent, FieldChange } from '../shared/audit';
import { eventBy, userRef } from '../shared/audit-trail';
import type { Created, IdempotencyClaim } from '../shared/created';
import { BusinessRuleError, ForbiddenError, NotFoundError } from '../shared/errors';
import type { Page } from '../shared/page';
import { pageQuerySchema } from '../shared/schemas';
import { parseWith } from '../shared/validation';
import { loadVisibleIncident, visibleOrNotFound } from './access';
import { commentSchema } from './commands';
import type { IncidentDeps } from './deps';
import { type Incident, incidentIdPattern } from './incident';
import type { Comment, IncidentAuditAction, IncidentAuditEvent } from './ports';
import { incidentRecord } from './subject';

/** Public comments reach the requester; internal work notes are for agents and admins only. */
export async function addComment(
  idOrNumber: string,
  input: unknown,
  deps: IncidentDeps,
  idempotency?: IdempotencyClaim,
): Promise<Created<Comment>> {
  const cmd = parseWith(commentSchema, input);
  return commentOn(await loadVisibleIncident(idOrNumber, deps), cmd, deps, idempotency);
}

/** The comment on an incident already read and authorised for reading (the major-incident update comes in here). */
export async function commentOn(
  incident: Incident,
  cmd: { readonly body: string; readonly visibility: 'public' | 'internal' },
  deps: IncidentDeps,
  idempotency?: IdempotencyClaim,
  notes: readonly FieldChange[] = [],
): Promise<Created<Comment>> {
  const { actor, incidents, clock, ids } = deps;
  if (cmd.visibility === 'internal' && !isFulfiller(actor)) throw new ForbiddenError('write internal work notes');
  if (incident.status === 'closed') {
    throw new BusinessRuleError('INCIDENT_CLOSED', `${incident.number} is closed; raise a new incident instead`);
  }
  const at = clock.now().toISOString();
  const comment: Comment = {
    id: ids.next(),
    incidentId: incident.id,
    body: cmd.body,
    visibility: cmd.visibility,
    author: userRef(actor),
    createdAt: at,
  };
  const event: IncidentAuditEvent = {
    ...eventBy(deps, incidentRecord(incident), 'commented', at, [
      { field: 'comment', before: null, after: comment.id },
      ...notes,
    ]),
    visibility: cmd.visibility,
  };
  return incidents.addComment(comment, event, idempotency);
}

/** One comment; an internal work note is, for a requester, a comment that does not exist. */
export async function getComment(idOrNumber: string, commentId: string, deps: IncidentDeps): Promise<Comment> {
  const { actor, incidents } = deps;
  const id = idOrNumber.toUpperCase();
  const commentKey = commentId.toUpperCase();
  if (!incidentIdPattern.test(commentKey)) throw new NotFoundError('Comment');
  let comment: Comment | undefined;
  if (incidentIdPattern.test(id)) {
    // By id: the incident (for authorisation) and the comment in one round trip.
    const both = await incidents.getIncidentAndComment(id, commentKey);
    await visibleOrNotFound(both.incident, deps);
    comment = both.comment;
  } else {
    const incident = await loadVisibleIncident(idOrNumber, deps);
    comment = await incidents.getComment(incident.id, commentKey);
  }
  if (!comment || (comment.visibility === 'internal' && !isFulfiller(actor))) throw new NotFoundError('Comment');
  return comment;
}

export async function listComments(idOrNumber: string, query: unknown, deps: IncidentDeps): Promise<Page<Comment>> {
  const page = parseWith(pageQuerySchema, query);
  const incident = await loadVisibleIncident(idOrNumber, deps);
  return deps.incidents.listComments(incident.id, { ...page, publicOnly: !isFulfiller(deps.actor) });
}

/** The audit trail; requesters do not see events about internal work notes. */
export async function getHistory(
  idOrNumber: string,
  query: unknown,
  deps: IncidentDeps,
): Promise<Page<AuditEvent<IncidentAuditAction>>> {
  const page = parseWith(pageQuerySchema, query);
  const incident = await loadVisibleIncident(idOrNumber, deps);
  return deps.incidents.history(incident.id, { ...page, publicOnly: !isFulfiller(deps.actor) });
}
