/** A POST's Idempotency-Key, scoped to its caller, and a hash of the request it came with. */
export interface IdempotencyClaim {
  readonly scope: string;
  readonly key: string;
  readonly requestHash: string;
}

/** What a create answers: the new record, or the stored first response to a retried request. */
export interface Created<T> {
  readonly value: T;
  /** True when this is the stored result of an earlier request with the same Idempotency-Key. */
  readonly replayed: boolean;
}

/** The claim of one item of a multi-record request (bulk actions, fan-out): its own key, derived from the request's. */
export function itemClaim(claim: IdempotencyClaim | undefined, item: string): IdempotencyClaim | undefined {
  return claim && { ...claim, key: `${claim.key}#${item}` };
}
