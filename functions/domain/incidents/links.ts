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
import { isFulfiller } from '../actor';
import { BusinessRuleError, ForbiddenError, NotFoundError } from '../errors';
import { parseWith } from '../validation';
import { eventBy, loadVisibleIncident } from './access';
import { pageQuerySchema } from './commands';
import type { IncidentDeps } from './deps';
import { type Incident, incidentIdPattern, incidentNumberPattern } from './incident';
import type { AuditEvent, Created, IdempotencyClaim, Page } from './ports';

export const linkTypes = ['parent_of', 'child_of', 'relates_to'] as const;
export type LinkType = (typeof linkTypes)[number];

/** One side of a link, as seen from `recordId`. */
export interface Link {
  readonly recordId: string;
  readonly targetId: string;
  readonly targetNumber: string;
  readonly type: LinkType;
  readonly createdAt: string;
  /** Id of the user who linked the records. */
  readonly createdBy: string;
}

/** The parent pointer a parent/child link sets on (or clears from) the child incident. */
export interface ParentPointer {
  readonly childId: string;
  readonly parentId: string;
  readonly parentNumber: string;
  readonly at: string;
}

export interface NewLink {
  /** The caller's side first, then the target's. */
  readonly sides: readonly [Link, Link];
  readonly parent?: ParentPointer;
  readonly events: readonly [AuditEvent, AuditEvent];
}

export interface LinkRepository {
  /** Two incidents by id in one round trip. */
  getPair(firstId: string, secondId: string): Promise<[Incident | undefined, Incident | undefined]>;
  /** An incident and its link to `targetId` in one round trip. */
  getIncidentAndLink(incidentId: string, targetId: string): Promise<{ incident?: Incident; link?: Link }>;
  getLink(recordId: string, targetId: string): Promise<Link | undefined>;
  /**
   * Writes both sides, the child's parent pointer and both events in one transaction. Throws ConflictError
   * LINK_EXISTS, BusinessRuleError ALREADY_HAS_PARENT / PARENT_HAS_PARENT / MAJOR_CANNOT_BE_CHILD.
   */
  add(link: NewLink, idempotency?: IdempotencyClaim): Promise<Created<Link>>;
  /** Deletes both sides, clears the child's parent pointer and appends both events; false when there was no link. */
  remove(side: Link, parent: ParentPointer | undefined, events: readonly [AuditEvent, AuditEvent]): Promise<boolean>;
  list(recordId: string, page: { type?: LinkType; limit: number; cursor?: string }): Promise<Page<Link>>;
  /** Every child link of a parent (all pages): for the lead's major-incident fan-out. */
  children(parentId: string): Promise<Link[]>;
}

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
  const events = sides.map(
    (side): AuditEvent =>
      eventBy(deps, side.recordId, 'linked', at, [
        { field: 'link', before: null, after: { type: side.type, targetNumber: side.targetNumber } },
        ...(parent?.childId === side.recordId
          ? [{ field: 'parentNumber', before: null, after: parent.parentNumber }]
          : []),
      ]),
  ) as [AuditEvent, AuditEvent];
  return deps.links.add({ sides, parent, events }, idempotency);
}

/** Early, readable refusals; the transaction re-checks each of them with a condition. */
function guardParentChild(parent: Incident, child: Incident): void {
  if (child.major) {
    throw new BusinessRuleError('MAJOR_CANNOT_BE_CHILD', `${child.number} is a major incident and cannot be a child`, [
      { path: 'target', message: 'A major incident cannot be a child' },
    ]);
  }
  if (child.parentId) {
    throw new BusinessRuleError('ALREADY_HAS_PARENT', `${child.number} is already a child of ${child.parentNumber}`, [
      { path: 'target', message: 'The child already has a parent' },
    ]);
  }
  if (parent.parentId) {
    throw new BusinessRuleError(
      'PARENT_HAS_PARENT',
      `${parent.number} is itself a child of ${parent.parentNumber} and cannot be a parent`,
      [{ path: 'target', message: 'The parent is itself a child' }],
    );
  }
}

/** Removes a link (agents, admins): both sides, the child's parent pointer, an event on each incident. */
export async function removeLink(idOrNumber: string, targetIdParam: string, deps: LinkDeps): Promise<void> {
  const { actor, clock, links } = deps;
  if (!isFulfiller(actor)) throw new ForbiddenError('unlink incidents');
  const id = idOrNumber.toUpperCase();
  const targetId = targetIdParam.toUpperCase();
  if (!incidentIdPattern.test(targetId)) throw new NotFoundError('Link');
  let link: Link | undefined;
  let incident: Incident | undefined;
  if (incidentIdPattern.test(id)) {
    ({ incident, link } = await links.getIncidentAndLink(id, targetId));
    if (!incident) throw new NotFoundError('Incident');
  } else {
    incident = await loadVisibleIncident(id, deps);
    link = await links.getLink(incident.id, targetId);
  }
  if (!link) throw new NotFoundError('Link');

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
  const events = sides.map(
    (side): AuditEvent =>
      eventBy(deps, side.recordId, 'unlinked', at, [
        { field: 'link', before: { type: side.type, targetNumber: side.targetNumber }, after: null },
        ...(parent?.childId === side.recordId
          ? [{ field: 'parentNumber', before: parent.parentNumber, after: null }]
          : []),
      ]),
  ) as [AuditEvent, AuditEvent];
  if (!(await links.remove(link, parent, events))) throw new NotFoundError('Link');
}

/** The links of an incident, for anyone who can see it; `type` narrows to one kind (one Query per page). */
export async function listLinks(idOrNumber: string, query: unknown, deps: LinkDeps): Promise<Page<Link>> {
  const q = parseWith(listLinksSchema, query);
  const incident = await loadVisibleIncident(idOrNumber, deps);
  return deps.links.list(incident.id, q);
}
