/**
 * Links between incidents: parent/child (a major incident and the incidents it explains) and `relates_to`.
 * Every link is two items, one per side, written in one transaction with an audit event on each incident; a
 * parent/child link also sets the child's `parentId` / `parentNumber` (version + 1). Rules, each guarded by a
 * condition in that same transaction: no self link; one link per pair; a child has at most one parent; the parent
 * must not itself have a parent (so no cycle can ever form); a major incident cannot become a child.
 * Closed incidents may be linked and unlinked: a link records a relationship, it does not reopen or edit the
 * incident's own fields (only the child's parent pointer).
 */
import * as z from 'zod/mini';
import { isFulfiller } from '../shared/actor';
import { eventBy } from '../shared/audit-trail';
import type { Created, IdempotencyClaim } from '../shared/created';
import { BusinessRuleError, ForbiddenError, NotFoundError } from '../shared/errors';
import type { Page } from '../shared/page';
import { pageQuerySchema } from '../shared/schemas';
import { parseWith } from '../shared/validation';
import { loadVisibleIncident } from './access';
import type { IncidentDeps } from './deps';
import { type Incident, incidentIdPattern, incidentNumberPattern } from './incident';
import {
  alreadyHasParentError,
  type Link,
  type LinkType,
  linkTypes,
  majorCannotBeChildError,
  type ParentPointer,
  parentHasParentError,
} from './link';
import type { IncidentAuditEvent, LinkRepository, NewLink } from './ports';
import { incidentRecord } from './subject';

export { type Link, type LinkRepository, type LinkType, linkTypes, type NewLink, type ParentPointer };

export type LinkDeps = IncidentDeps & { readonly links: LinkRepository };

const incidentKey = z.string().check(
  z.trim(),
  z.refine((s) => incidentIdPattern.test(s.toUpperCase()) || incidentNumberPattern.test(s.toUpperCase()), {
    message: 'Use an incident id or number (INC…)',
  }),
);

/** `child`: the target becomes a child of the incident in the path; `parent`: its parent. */
export const addLinkSchema = z.strictObject({
  type: z.enum(['child', 'parent', 'relates_to']),
  target: incidentKey,
});

export const listLinksSchema = z.extend(pageQuerySchema, { type: z.optional(z.enum(linkTypes)) });

const sideTypes: Record<z.output<typeof addLinkSchema>['type'], [LinkType, LinkType]> = {
  child: ['parent_of', 'child_of'],
  parent: ['child_of', 'parent_of'],
  relates_to: ['relates_to', 'relates_to'],
};

/** Both incidents for a new link: one TransactGetItems when both are ids, else one read each. */
async function loadPair(idOrNumber: string, target: string, deps: LinkDeps): Promise<[Incident, Incident]> {
  const a = idOrNumber.toUpperCase();
  const b = target.toUpperCase();
  let source: Incident | undefined;
  let other: Incident | undefined;
  if (incidentIdPattern.test(a) && incidentIdPattern.test(b) && a !== b) {
    [source, other] = await deps.links.getPair(a, b);
    if (!source) throw new NotFoundError('Incident');
  } else {
    source = await loadVisibleIncident(a, deps);
    other = incidentIdPattern.test(b) ? await deps.incidents.get(b) : await deps.incidents.getByNumber(b);
  }
  if (!other) {
    throw new BusinessRuleError('UNKNOWN_TARGET', `There is no incident ${target}`, [
      { path: 'target', message: 'No such incident' },
    ]);
  }
  return [source, other];
}

function selfLink(): BusinessRuleError {
  return new BusinessRuleError('SELF_LINK', 'An incident cannot be linked to itself', [
    { path: 'target', message: 'Is the incident itself' },
  ]);
}

function sideOf(record: Incident, target: Incident, type: LinkType, at: string, by: string): Link {
  return { recordId: record.id, targetId: target.id, targetNumber: target.number, type, createdAt: at, createdBy: by };
}

/** Links two incidents (agents, admins). Returns the caller's side. */
export async function addLink(
  idOrNumber: string,
  input: unknown,
  deps: LinkDeps,
  idempotency?: IdempotencyClaim,
): Promise<Created<Link>> {
  const { actor, clock } = deps;
  if (!isFulfiller(actor)) throw new ForbiddenError('link incidents');
  const cmd = parseWith(addLinkSchema, input);
  if (cmd.target.toUpperCase() === idOrNumber.toUpperCase()) throw selfLink();
  const [source, target] = await loadPair(idOrNumber, cmd.target, deps);
  if (source.id === target.id) throw selfLink();

  const [sourceType, targetType] = sideTypes[cmd.type];
  let parent: ParentPointer | undefined;
  const at = clock.now().toISOString();
  if (cmd.type !== 'relates_to') {
    const [up, down] = cmd.type === 'child' ? [source, target] : [target, source];
    // With an Idempotency-Key the transaction decides, so that a retry of a link that landed replays it.
    if (!idempotency) guardParentChild(up, down);
    parent = { childId: down.id, parentId: up.id, parentNumber: up.number, at };
  }
  const sides: [Link, Link] = [
    sideOf(source, target, sourceType, at, actor.id),
    sideOf(target, source, targetType, at, actor.id),
  ];
  const events = [source, target].map((incident, i): IncidentAuditEvent => {
    const side = sides[i];
    const becomesChild = parent?.childId === incident.id;
    const after = becomesChild ? withParent(incident, parent) : incident;
    return eventBy(deps, incidentRecord(after), 'linked', at, [
      { field: 'link', before: null, after: { type: side.type, targetNumber: side.targetNumber } },
      ...(becomesChild ? [{ field: 'parentNumber', before: null, after: parent?.parentNumber ?? null }] : []),
    ]);
  }) as [IncidentAuditEvent, IncidentAuditEvent];
  return deps.links.add({ sides, parent, events }, idempotency);
}

/** The child as a parent/child link leaves it: pointing at `parent`, or at nothing. */
function withParent(child: Incident, parent: ParentPointer | undefined): Incident {
  if (parent) return { ...child, parentId: parent.parentId, parentNumber: parent.parentNumber };
  const { parentId: _id, parentNumber: _number, ...rest } = child;
  return rest;
}

/** Early, readable refusals; the transaction re-checks each of them with a condition. */
function guardParentChild(parent: Incident, child: Incident): void {
  if (child.major) throw majorCannotBeChildError(child.number);
  if (child.parentId) throw alreadyHasParentError(child.number, child.parentNumber ?? 'another incident');
  if (parent.parentId) throw parentHasParentError(parent.number, parent.parentNumber);
}

/** Removes a link (agents, admins): both sides, the child's parent pointer, an event on each incident. */
export async function removeLink(idOrNumber: string, targetIdParam: string, deps: LinkDeps): Promise<void> {
  const { actor, clock, links } = deps;
  if (!isFulfiller(actor)) throw new ForbiddenError('unlink incidents');
  const id = idOrNumber.toUpperCase();
  // The target as POST accepts it: an id, or a number (one more read to find its id).
  let targetId = targetIdParam.toUpperCase();
  if (incidentNumberPattern.test(targetId)) {
    const named = await deps.incidents.getByNumber(targetId);
    if (!named) throw new NotFoundError('Link');
    targetId = named.id;
  }
  // No incident is linked to itself (and one read must not name the same item twice).
  if (!incidentIdPattern.test(targetId) || targetId === id) throw new NotFoundError('Link');
  let incident: Incident | undefined;
  let found: { link?: Link; target?: Incident };
  if (incidentIdPattern.test(id)) {
    ({ incident, ...found } = await links.getIncidentAndLink(id, targetId));
    if (!incident) throw new NotFoundError('Incident');
  } else {
    incident = await loadVisibleIncident(id, deps);
    if (incident.id === targetId) throw new NotFoundError('Link');
    found = await links.getIncidentAndLink(incident.id, targetId);
  }
  const { link, target } = found;
  if (!link || !target) throw new NotFoundError('Link');

  const at = clock.now().toISOString();
  const parent: ParentPointer | undefined =
    link.type === 'parent_of'
      ? { childId: link.targetId, parentId: incident.id, parentNumber: incident.number, at }
      : link.type === 'child_of'
        ? { childId: incident.id, parentId: link.targetId, parentNumber: link.targetNumber, at }
        : undefined;
  const otherType: LinkType =
    link.type === 'parent_of' ? 'child_of' : link.type === 'child_of' ? 'parent_of' : 'relates_to';
  const sides: [Link, Link] = [
    link,
    { ...link, recordId: link.targetId, targetId: incident.id, targetNumber: incident.number, type: otherType },
  ];
  const events = [incident, target].map((record, i): IncidentAuditEvent => {
    const side = sides[i];
    const wasChild = parent?.childId === record.id;
    return eventBy(deps, incidentRecord(wasChild ? withParent(record, undefined) : record), 'unlinked', at, [
      { field: 'link', before: { type: side.type, targetNumber: side.targetNumber }, after: null },
      ...(wasChild ? [{ field: 'parentNumber', before: parent?.parentNumber ?? null, after: null }] : []),
    ]);
  }) as [IncidentAuditEvent, IncidentAuditEvent];
  if (!(await links.remove(link, parent, events))) throw new NotFoundError('Link');
}

/** The links of an incident, for anyone who can see it; `type` narrows to one kind (one Query per page). */
export async function listLinks(idOrNumber: string, query: unknown, deps: LinkDeps): Promise<Page<Link>> {
  const q = parseWith(listLinksSchema, query);
  const incident = await loadVisibleIncident(idOrNumber, deps);
  return deps.links.list(incident.id, q);
}
