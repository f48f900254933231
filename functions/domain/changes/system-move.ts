/**
 * Nimbus itself moves a change: the approval workflow's decision (`authorize → scheduled | rejected`), the
 * post-implementation review schedule (`implement | failed → review`). Redelivery and race safe: a change that is
 * no longer in one of `from` is left alone (undefined); a version conflict is retried once on a fresh read.
 */
import { systemActor } from '../shared/actor';
import type { FieldChange } from '../shared/audit';
import type { IdGenerator } from '../shared/caller';
import type { Clock } from '../shared/clock';
import { PreconditionFailedError } from '../shared/errors';
import { changeEvent, diffChange } from './audit';
import { type Change, type ChangeAuditAction, type ChangeStatus, changeTransitions } from './change';
import type { ChangeStore } from './ports';

export interface SystemMoveDeps {
  readonly changes: ChangeStore;
  readonly ids: IdGenerator;
  readonly clock: Clock;
}

export interface SystemMove {
  readonly changeId: string;
  /** The statuses the move starts from; any other status (already moved, cancelled meanwhile) changes nothing. */
  readonly from: readonly ChangeStatus[];
  readonly to: ChangeStatus;
  /** Why Nimbus moves it: the system actor's reason (`workflow change-approval`, `post-implementation review`). */
  readonly reason: string;
  /** Other fields written in the same write (e.g. `approval`, `review`). */
  readonly patch?: Partial<Omit<Change, 'id' | 'number' | 'status' | 'createdAt' | 'version'>>;
}

const attempts = 2;

export async function systemMove(deps: SystemMoveDeps, input: SystemMove): Promise<Change | undefined> {
  return rewriteChange(deps, input.changeId, input.reason, attempts, (current) =>
    input.from.includes(current.status)
      ? { action: 'updated', patch: { ...input.patch, status: input.to } }
      : undefined,
  );
}

/** What one of Nimbus's own writes changes, and the audit event's action. */
export interface ChangeRewrite {
  readonly action: ChangeAuditAction;
  readonly patch: Partial<Omit<Change, 'id' | 'number' | 'createdAt' | 'version'>>;
  /** The event's field changes; by default the diff of the audited fields. */
  readonly changes?: (before: Change, after: Change) => FieldChange[];
}

/**
 * THE loop of Nimbus's own writes to a change (the workflow, the review schedule): read it, let `decide` say what to
 * write (undefined: nothing, e.g. already moved), refuse a move the lifecycle lacks, write it with its event at the
 * version read, and decide again on a fresh read when another write landed first — up to `tries` times, after which
 * the last PreconditionFailedError is thrown.
 */
export async function rewriteChange(
  deps: SystemMoveDeps,
  changeId: string,
  reason: string,
  tries: number,
  decide: (current: Change, at: string) => ChangeRewrite | undefined,
): Promise<Change | undefined> {
  const actor = systemActor(reason);
  for (let attempt = 1; ; attempt++) {
    const current = await deps.changes.get(changeId);
    if (!current) return undefined;
    const at = deps.clock.now().toISOString();
    const rewrite = decide(current, at);
    if (!rewrite) return undefined;
    const next: Change = { ...current, ...rewrite.patch, updatedAt: at, version: current.version + 1 };
    if (next.status !== current.status && !changeTransitions[current.status].includes(next.status)) {
      throw new Error(`${reason}: ${current.status} → ${next.status} is not a move of the change lifecycle`);
    }
    const changes = (rewrite.changes ?? diffChange)(current, next);
    const event = changeEvent({ actor, ids: deps.ids }, next, rewrite.action, at, changes);
    try {
      return await deps.changes.update(next, current, event);
    } catch (error) {
      if (!(error instanceof PreconditionFailedError) || attempt >= tries) throw error;
    }
  }
}
