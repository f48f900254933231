/**
 * Nimbus itself moves a change: the approval workflow's decision (`authorize → scheduled | rejected`), the
 * post-implementation review schedule (`implement | failed → review`). Redelivery and race safe: a change that is
 * no longer in one of `from` is left alone (undefined); a version conflict is retried once on a fresh read.
 */
import { systemActor } from '../shared/actor';
import type { IdGenerator } from '../shared/caller';
import type { Clock } from '../shared/clock';
import { PreconditionFailedError } from '../shared/errors';
import { changeEvent, diffChange } from './audit';
import { type Change, type ChangeStatus, changeTransitions } from './change';
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
  const actor = systemActor(input.reason);
  for (let attempt = 1; ; attempt++) {
    const current = await deps.changes.get(input.changeId);
    if (!current || !input.from.includes(current.status)) return undefined;
    if (current.status !== input.to && !changeTransitions[current.status].includes(input.to)) {
      throw new Error(`systemMove: ${current.status} → ${input.to} is not a move of the change lifecycle`);
    }
    const at = deps.clock.now().toISOString();
    const next: Change = {
      ...current,
      ...input.patch,
      status: input.to,
      updatedAt: at,
      version: current.version + 1,
    };
    const event = changeEvent({ actor, ids: deps.ids }, next, 'updated', at, diffChange(current, next));
    try {
      return await deps.changes.update(next, current, event);
    } catch (error) {
      if (!(error instanceof PreconditionFailedError) || attempt >= attempts) throw error;
    }
  }
}
