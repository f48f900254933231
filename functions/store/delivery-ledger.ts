import { randomUUID } from 'node:crypto';
import type { Once } from '../dispatch/consumer';
import { isConditionFailure } from './conditions';
import { deliveryEntity } from './entities/delivery.entity';

/**
 * A claim older than this may be taken over: its holder died between claiming and finishing. Longer than the
 * dispatcher function's timeout (60 s), so a claim is never taken from a holder that is still running.
 */
export const leaseMillis = 90_000;
/** Done entries are kept long enough to cover stream redelivery (24 h) and an admin's late redrive. */
const keepSeconds = 90 * 24 * 60 * 60;

/** Another attempt holds the claim and its lease is still running: retry later. */
export class DeliveryInProgressError extends Error {
  constructor(key: string) {
    super(`Another attempt is delivering ${key}`);
    this.name = 'DeliveryInProgressError';
  }
}

export interface LedgerOptions {
  readonly now?: () => number;
}

/**
 * `once` over the table: claim (conditional put: absent, or an expired claim), do the effect, mark done; on failure
 * release the claim so the retry does it again. Costs two writes per effect, none more on a redelivery.
 */
export function deliveryLedger(options: LedgerOptions = {}): Once {
  const now = options.now ?? Date.now;
  return async (key, effect) => {
    const delivery = deliveryEntity();
    const token: string = randomUUID();
    const at = now();
    try {
      await delivery
        .put({
          key,
          state: 'claimed',
          token,
          leaseUntil: at + leaseMillis,
          claimedAt: new Date(at).toISOString(),
          expiresAt: Math.floor(at / 1000) + keepSeconds,
        })
        .where(
          (a, { notExists, eq, lt }) =>
            `${notExists(a.key)} OR (${eq(a.state, 'claimed')} AND ${lt(a.leaseUntil, at)})`,
        )
        .go({ response: 'none' });
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const { data } = await delivery.get({ key }).go({ consistent: true });
      if (data?.state === 'done') return 'skipped';
      throw new DeliveryInProgressError(key);
    }

    try {
      await effect();
    } catch (error) {
      await delivery
        .delete({ key })
        .where((a, { eq }) => eq(a.token, token))
        .go({ response: 'none' })
        .catch((release) => {
          if (!isConditionFailure(release)) throw release;
        });
      throw error;
    }

    await delivery
      .patch({ key })
      .set({ state: 'done', doneAt: new Date(now()).toISOString() })
      .where((a, { eq }) => eq(a.token, token))
      .go({ response: 'none' })
      .catch((mark) => {
        // Our lease ran out and another attempt took over: it will mark it (the effect may have happened twice).
        if (!isConditionFailure(mark)) throw mark;
      });
    return 'done';
  };
}
