/** The change records' full store: the shared `ChangeStore` port plus create, lists and the audit trail. */
import type { Created, IdempotencyClaim } from '../shared/created';
import type { Page, PageRequest } from '../shared/page';
import type { Change, ChangeStatus, ChangeType } from './change';
import type { ChangeAuditEvent, ChangeStore } from './ports';

export interface ChangeListQuery extends PageRequest {
  /** Everyone's changes (the desk), or one person's requested changes. */
  readonly scope: { readonly by: 'all' } | { readonly by: 'requester'; readonly value: string };
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
  /** One Query per page, in lifecycle order (then id) on the chosen index. */
  list(query: ChangeListQuery): Promise<Page<Change>>;
  /** The change's audit trail, oldest first. */
  history(changeId: string, page: PageRequest): Promise<Page<ChangeAuditEvent>>;
}
