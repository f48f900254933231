import type { Person } from '../people/ports';
import type { AuditEvent, UserRef } from '../shared/audit';
import type { Created, IdempotencyClaim } from '../shared/created';
import type { Page, PageRequest } from '../shared/page';
import type { ReferenceCheck } from '../shared/references';
import type { Incident, IncidentStatus } from './incident';
import type { Link, LinkType, ParentPointer } from './link';
import type { IncidentSubject } from './subject';
import type { Watch, WatchAdded } from './watch';

export interface Comment {
  readonly id: string;
  readonly incidentId: string;
  readonly body: string;
  readonly visibility: 'public' | 'internal';
  readonly author: UserRef;
  readonly createdAt: string;
}

export type IncidentAuditAction =
  | 'created'
  | 'updated'
  | 'commented'
  | 'watcher_added'
  | 'watcher_removed'
  | 'linked'
  | 'unlinked'
  /** SLA clocks changed (started, paused, resumed, re-targeted, met, reopened): written by the SLA consumer. */
  | 'sla_updated'
  /** The escalation workflow acted on a milestone, or failed to (slaError). */
  | 'sla_warned'
  | 'sla_breached'
  | 'sla_error';

/** An incident's audit event as it is written: always with the incident as it stands after the change. */
export type IncidentAuditEvent = AuditEvent<IncidentAuditAction> & {
  readonly recordType: 'incident';
  readonly subject: IncidentSubject;
};

export interface NewIncident {
  readonly incident: Incident;
  readonly event: IncidentAuditEvent;
  readonly checks: readonly ReferenceCheck[];
  /** Users who start watching the new incident (routing rules). */
  readonly watchers: readonly UserRef[];
  readonly idempotency?: IdempotencyClaim;
}

/** Exactly one of these narrows a list; `status` may combine with any of them. */
export type IncidentScope =
  | { readonly by: 'all' }
  | { readonly by: 'requester'; readonly value: string }
  | { readonly by: 'assignee'; readonly value: string }
  | { readonly by: 'assignmentGroup'; readonly value: string };

export interface IncidentListQuery {
  readonly scope: IncidentScope;
  readonly status?: IncidentStatus | 'open';
  readonly limit: number;
  readonly cursor?: string;
}

export interface IncidentRepository {
  create(draft: NewIncident): Promise<Created<Incident>>;
  get(id: string): Promise<Incident | undefined>;
  /** The incident and a person (for the display name a change stamps) in one round trip. */
  getWithPerson(id: string, personId: string): Promise<{ incident?: Incident; person?: Person }>;
  getByNumber(number: string): Promise<Incident | undefined>;
  list(query: IncidentListQuery): Promise<Page<Incident>>;
  /**
   * Replaces `previous` with `next` if the stored version is still `previous.version`, appending `event` and
   * keeping the queue counts in the same transaction; each check must hold or nothing is written.
   */
  update(
    next: Incident,
    previous: Incident,
    event: IncidentAuditEvent,
    checks?: readonly ReferenceCheck[],
  ): Promise<Incident>;
  addComment(comment: Comment, event: IncidentAuditEvent, idempotency?: IdempotencyClaim): Promise<Created<Comment>>;
  getComment(incidentId: string, commentId: string): Promise<Comment | undefined>;
  /** The incident and one of its comments in a single round trip. */
  getIncidentAndComment(incidentId: string, commentId: string): Promise<{ incident?: Incident; comment?: Comment }>;
  listComments(incidentId: string, page: PageRequest & { publicOnly: boolean }): Promise<Page<Comment>>;
  history(
    incidentId: string,
    page: PageRequest & { publicOnly: boolean },
  ): Promise<Page<AuditEvent<IncidentAuditAction>>>;
}

export interface NewLink {
  /** The caller's side first, then the target's. */
  readonly sides: readonly [Link, Link];
  readonly parent?: ParentPointer;
  readonly events: readonly [IncidentAuditEvent, IncidentAuditEvent];
}

export interface WatchRepository {
  /** The incident and whether `userId` watches it, in one round trip. */
  getIncidentForUser(incidentId: string, userId: string): Promise<{ incident?: Incident; watching: boolean }>;
  isWatching(recordId: string, userId: string): Promise<boolean>;
  /** Writes the watch (unless it exists) and `event` atomically; each check (the watcher is a known person) must hold. */
  add(
    watch: Watch,
    event: IncidentAuditEvent,
    checks: readonly ReferenceCheck[],
    idempotency?: IdempotencyClaim,
  ): Promise<WatchAdded>;
  /** Deletes the watch and appends `event` atomically; false when there was no watch. */
  remove(recordId: string, userId: string, event: IncidentAuditEvent): Promise<boolean>;
  list(recordId: string, page: PageRequest): Promise<Page<Watch>>;
  /** The incidents `userId` watches, newest incident first. */
  watchedIncidents(userId: string, page: PageRequest): Promise<Page<Incident>>;
}

export interface LinkRepository {
  /** Two incidents by id in one round trip. */
  getPair(firstId: string, secondId: string): Promise<[Incident | undefined, Incident | undefined]>;
  /** An incident, its link to `targetId` and the target incident, in one round trip. */
  getIncidentAndLink(
    incidentId: string,
    targetId: string,
  ): Promise<{ incident?: Incident; link?: Link; target?: Incident }>;
  /**
   * Writes both sides, the child's parent pointer and both events in one transaction. Throws ConflictError
   * LINK_EXISTS, BusinessRuleError ALREADY_HAS_PARENT / PARENT_HAS_PARENT / MAJOR_CANNOT_BE_CHILD.
   */
  add(link: NewLink, idempotency?: IdempotencyClaim): Promise<Created<Link>>;
  /** Deletes both sides, clears the child's parent pointer and appends both events; false when there was no link. */
  remove(
    side: Link,
    parent: ParentPointer | undefined,
    events: readonly [IncidentAuditEvent, IncidentAuditEvent],
  ): Promise<boolean>;
  list(recordId: string, page: PageRequest & { type?: LinkType }): Promise<Page<Link>>;
  /** Every child link of a parent (all pages): for the major-incident fan-out. */
  children(parentId: string): Promise<Link[]>;
}
