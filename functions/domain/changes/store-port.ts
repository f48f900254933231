/** The change records' full store: the shared `ChangeStore` port plus create, lists and the audit trail. */
import type { Created, IdempotencyClaim } from '../shared/created';
import type { Page, PageRequest } from '../shared/page';
import type { Change, ChangeStatus, ChangeType } from './change';
import type { ChangeAuditEvent, ChangeStore } from './ports';

/**
 * Whose changes a list shows: everyone's (the desk), or one person's — the ones they requested, the ones they
 * implement, or both (`involved`: each change once, in the same lifecycle order).
 */
export type ChangeListScope =
  | { readonly by: 'all' }
  | { readonly by: 'requester' | 'implementer' | 'involved'; readonly value: string };

export interface ChangeListQuery extends PageRequest {
  readonly scope: ChangeListScope;
  readonly status?: ChangeStatus;
  readonly type?: ChangeType;
}

export interface NewChange {
  readonly change: Change;
  readonly event: ChangeAuditEvent;
  readonly idempotency?: IdempotencyClaim;
}

export interface ChangeRepository extends ChangeStore {
  /** Writes a new change and its `created` event; a retried Idempotency-Key returns the first response. */
  create(input: NewChange): Promise<Created<Change>>;
  /**
   * In lifecycle order (then id): one Query per page on the chosen index; `involved` is two Queries per page, in
   * parallel (the requester's and the implementer's index), merged (decision 0037).
   */
  list(query: ChangeListQuery): Promise<Page<Change>>;
  /** The change's audit trail, oldest first. */
  history(changeId: string, page: PageRequest): Promise<Page<ChangeAuditEvent>>;
}
