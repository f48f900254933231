import type { Actor } from '../actor';
import type { Clock } from '../clock';
import type { FieldChange, Incident, IncidentStatus, UserRef } from './incident';

export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

export interface Comment {
  readonly id: string;
  readonly incidentId: string;
  readonly body: string;
  readonly visibility: 'public' | 'internal';
  readonly author: UserRef;
  readonly createdAt: string;
}

export type AuditAction =
  | 'created'
  | 'updated'
  | 'commented'
  | 'watcher_added'
  | 'watcher_removed'
  | 'linked'
  | 'unlinked';

export interface AuditEvent {
  readonly id: string;
  readonly recordId: string;
  readonly action: AuditAction;
  readonly actor: UserRef;
  readonly at: string;
  readonly changes: readonly FieldChange[];
  /** For `commented`: whether requesters may see the event. */
  readonly visibility?: 'public' | 'internal';
}

/**
 * An audit event of a record other than an incident (a group, a category or service, the routing rules): the
 * incident event's shape without visibility, since only the desk reads these trails.
 */
export interface RecordEvent<A extends string> {
  readonly id: string;
  readonly recordId: string;
  readonly action: A;
  readonly actor: UserRef;
  readonly at: string;
  readonly changes: readonly FieldChange[];
}

/** One page of a list: at most `limit` items, after `cursor` when given. */
export interface PageRequest {
  readonly limit: number;
  readonly cursor?: string;
}

/** A POST's Idempotency-Key, scoped to its caller, with a hash of the request it first came with. */
export interface IdempotencyClaim {
  readonly scope: string;
  readonly key: string;
  readonly requestHash: string;
}

export interface Created<T> {
  readonly value: T;
  /** True when this is the stored result of an earlier request with the same Idempotency-Key. */
  readonly replayed: boolean;
}

/**
 * A reference a write must find active at the moment it commits (checked inside the write's transaction, so a
 * concurrent retire or membership removal cannot slip in between). `path` is the request field it came from.
 */
export type ReferenceCheck =
  | { readonly kind: 'group' | 'category' | 'service'; readonly id: string; readonly path: string }
  | { readonly kind: 'member'; readonly groupId: string; readonly userId: string; readonly path: string };

export interface NewIncident {
  readonly incident: Incident;
  readonly event: AuditEvent;
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
  /**
   * Next value of the incident number sequence (atomic; never repeats), and the routing ruleset version current at
   * that moment (undefined when unknown: read the ruleset).
   */
  nextNumber(): Promise<{ readonly sequence: number; readonly rulesVersion?: number }>;
  create(draft: NewIncident): Promise<Created<Incident>>;
  get(id: string): Promise<Incident | undefined>;
  getByNumber(number: string): Promise<Incident | undefined>;
  list(query: IncidentListQuery): Promise<Page<Incident>>;
  /**
   * Replaces `previous` with `next` if the stored version is still `previous.version`, appending `event` and
   * keeping the queue counts in the same transaction; each check must hold or nothing is written.
   */
  update(next: Incident, previous: Incident, event: AuditEvent, checks?: readonly ReferenceCheck[]): Promise<Incident>;
  addComment(comment: Comment, event: AuditEvent, idempotency?: IdempotencyClaim): Promise<Created<Comment>>;
  getComment(incidentId: string, commentId: string): Promise<Comment | undefined>;
  /** The incident and one of its comments in a single round trip. */
  getIncidentAndComment(incidentId: string, commentId: string): Promise<{ incident?: Incident; comment?: Comment }>;
  listComments(
    incidentId: string,
    page: { limit: number; cursor?: string; publicOnly: boolean },
  ): Promise<Page<Comment>>;
  history(incidentId: string, page: { limit: number; cursor?: string; publicOnly: boolean }): Promise<Page<AuditEvent>>;
}

export interface IdGenerator {
  next(): string;
}

/** What every use case is given besides its store: who calls, the time, and fresh ids. */
export interface CallerDeps {
  readonly actor: Actor;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}
