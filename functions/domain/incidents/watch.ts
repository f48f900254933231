/** A user following an incident: its own item, never part of the incident item. */
export interface Watch {
  readonly recordId: string;
  readonly userId: string;
  readonly username: string;
  /** Display name as of the watch (the username on watches added before people had names, or by a routing rule). */
  readonly name: string;
  readonly addedAt: string;
  /** Id of the user who added the watch (the watcher themselves, or an agent). */
  readonly addedBy: string;
}

export interface WatchAdded {
  readonly value: Watch;
  /** False when the user already watched the record (the stored watch is returned, nothing is written). */
  readonly created: boolean;
  /** True when this is the stored result of an earlier request with the same Idempotency-Key. */
  readonly replayed: boolean;
}
