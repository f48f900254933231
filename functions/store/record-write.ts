/**
 * THE way a record changes: one TransactWriteItems holding the record, its audit event, the checks that must hold,
 * the idempotency record and any effects (counts, watchers, the other side of a link), each item under a name. When
 * DynamoDB cancels the transaction, its reasons come back in item order; the outcome maps them back to names, so
 * callers ask "did the `record` condition fail?" rather than "did item 3?".
 */
import { createWriteTransaction } from 'electrodb';
import type { AuditEvent } from '../domain/shared/audit';
import type { IdempotencyClaim } from '../domain/shared/created';
import { ConflictError, NotFoundError, PreconditionFailedError } from '../domain/shared/errors';
import type { FailedCheck, ReferenceCheck } from '../domain/shared/references';
import { auditEventToItem } from './audit-events';
import { auditEventEntity } from './entities/audit-event.entity';
import { idempotencyEntity } from './entities/idempotency.entity';
import type { AnyEntity, WriteView } from './entities/lazy-entity';
import { idempotencyRecord, storedResponse } from './idempotency';
import { referenceCheckItem } from './reference-checks';

/** One cancellation reason per transaction item, as ElectroDB reports them. */
interface Reason {
  readonly rejected: boolean;
  readonly code: string;
  readonly item: unknown;
}

interface TransactionResult {
  readonly canceled: boolean;
  readonly data: readonly Reason[];
}

/** A condition that failed, with the item as it was (when the item asked for ALL_OLD and existed), else null. */
export interface Rejection {
  readonly item: Record<string, unknown> | null;
}

const idempotencyName = 'idempotency';
/** Unique per kind and field: the assignee is checked both as a member of the group and as a person. */
const checkName = (check: ReferenceCheck) => `check:${check.kind}:${check.path}`;
const maxAttempts = 5;

export class TransactionFailedError extends Error {
  constructor(reasons: readonly string[]) {
    super(`Transaction cancelled: ${reasons.join(', ')}`);
    this.name = 'TransactionFailedError';
  }
}

/** What happened to a write: committed, or which named items' conditions failed. */
export class WriteOutcome {
  constructor(
    private readonly result: TransactionResult,
    private readonly names: readonly string[],
    private readonly checks: readonly ReferenceCheck[],
    private readonly claim: IdempotencyClaim | undefined,
  ) {}

  get committed(): boolean {
    return !this.result.canceled;
  }

  /** The first item under `name` whose condition failed, or undefined when none did. */
  failed(name: string): Rejection | undefined {
    for (const [i, reason] of this.result.data.entries()) {
      if (this.names[i] === name && reason.rejected && reason.code === 'ConditionalCheckFailed') {
        return { item: (reason.item as Record<string, unknown> | null | undefined) ?? null };
      }
    }
    return undefined;
  }

  /**
   * For a write conditional on `expectedVersion` of the item under `name` (default `record`): throws 404 when that
   * item is gone, 412 with the stored version when it moved on; returns when that condition did not fail.
   */
  throwIfStale(what: string, expectedVersion: number, name = 'record'): void {
    const stale = this.failed(name);
    if (!stale) return;
    const current = stale.item as { version?: number } | null;
    if (!current) throw new NotFoundError(what);
    throw new PreconditionFailedError(what, expectedVersion, current.version);
  }

  /** The reference checks that failed, and whether each checked item existed (then: retired, or not a member). */
  failedChecks(): FailedCheck[] {
    return this.checks.flatMap((check) => {
      const rejection = this.failed(checkName(check));
      return rejection ? [{ check, existed: rejection.item !== null }] : [];
    });
  }

  /**
   * The first response stored under the request's Idempotency-Key when the idempotency record already existed (the
   * request is a retry: nothing else was written), else undefined. The same key with another body → 422.
   */
  replayed<T>(): T | undefined {
    const rejection = this.claim && this.failed(idempotencyName);
    if (!this.claim || !rejection) return undefined;
    if (!rejection.item) throw new Error('Idempotency record without a stored response');
    return storedResponse<T>(this.claim, rejection.item);
  }

  /** For a cancellation the caller did not expect: names each item's reason. */
  unexpected(): TransactionFailedError {
    return new TransactionFailedError(
      this.result.data.map((reason, i) => `${this.names[i] ?? `#${i}`}: ${reason.code}`),
    );
  }
}

export class RecordWrite {
  private readonly items: unknown[] = [];
  private readonly names: string[] = [];
  private readonly entities: Record<string, AnyEntity> = {};
  private readonly checks: ReferenceCheck[] = [];
  private claim: IdempotencyClaim | undefined;

  /** The transaction items `build` makes on `entity` (one, or several such as count shards), under `name`. */
  item<E extends AnyEntity>(name: string, entity: E, build: (entity: WriteView<E>) => unknown): this {
    if (this.names.includes(name)) throw new Error(`Transaction item ${name} is named twice`);
    // The same object: ElectroDB types the transaction methods on a view of it.
    const built = build(entity as unknown as WriteView<E>);
    const items = Array.isArray(built) ? built : [built];
    this.entities[(entity.schema as { model: { entity: string } }).model.entity] = entity;
    for (const item of items) {
      this.items.push(item);
      this.names.push(name);
    }
    return this;
  }

  /** The change's audit event (named after its id, so a write may append several). */
  audit(event: AuditEvent): this {
    return this.item(`audit:${event.id}`, auditEventEntity(), (e) => e.create(auditEventToItem(event)).commit());
  }

  /** ConditionChecks that each reference holds (named `check:<kind>:<path>`); `failedChecks()` reports the ones that did not. */
  check(checks: readonly ReferenceCheck[]): this {
    for (const check of checks) {
      referenceCheckItem(this, checkName(check), check);
      this.checks.push(check);
    }
    return this;
  }

  /** With an Idempotency-Key: the first response, stored only if no record exists under the key (see `replayed`). */
  idempotency(claim: IdempotencyClaim | undefined, response: unknown, at: string): this {
    if (!claim) return this;
    this.claim = claim;
    return this.item(idempotencyName, idempotencyEntity(), (e) =>
      e.create(idempotencyRecord(claim, response, new Date(at))).commit({ response: 'all_old' }),
    );
  }

  /**
   * Writes every item in one transaction. Retried only when DynamoDB cancelled it because another transaction held
   * one of its items at that moment (`TransactionConflict`); failed conditions are the outcome's to interpret.
   */
  async commit(): Promise<WriteOutcome> {
    if (this.items.length === 0) throw new Error('A record write needs at least one item');
    for (let attempt = 1; ; attempt++) {
      const result = (await createWriteTransaction(this.entities, () => this.items as never).go()) as TransactionResult;
      const conflicted = result.canceled && result.data.some((r) => r.code === 'TransactionConflict');
      const failedCondition = result.canceled && result.data.some((r) => r.code === 'ConditionalCheckFailed');
      if (!conflicted || failedCondition) return new WriteOutcome(result, this.names, this.checks, this.claim);
      if (attempt >= maxAttempts) {
        throw new ConflictError('Too many simultaneous changes to this record; retry', 'CONCURRENT_CHANGE');
      }
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * 2 ** attempt));
    }
  }
}

export function recordWrite(): RecordWrite {
  return new RecordWrite();
}
