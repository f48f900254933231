import * as z from 'zod/mini';
import { ids } from '../compose/caller';
import { openReview, type ReviewOpening } from '../domain/changes/post-implementation-review';
import { appClock } from '../shared/clock';
import { logger } from '../shared/logger';
import { scheduleHandler } from '../shared/middleware/schedule';
import { changeRepository } from '../store/change-repository';

const input = z.object({ changeId: z.string().check(z.minLength(1)), reviewDueAt: z.string() });

/**
 * The target of a change's one-time `pir-<change id>` schedule: opens the review (implement | failed → review, by
 * Nimbus, `review.openedAt` stamped). Idempotent: a retried firing finds the change in review and does nothing; the
 * change manager is told by the dispatcher, from the committed move (never from here).
 */
export async function runReviewTarget(event: unknown): Promise<ReviewOpening['outcome']> {
  const parsed = input.parse(event);
  const result = await openReview(parsed, { changes: changeRepository, ids, clock: appClock });
  logger.info('Post-implementation review', {
    changeId: parsed.changeId,
    outcome: result.outcome,
    ...(result.outcome === 'skipped' ? { status: result.status } : {}),
  });
  return result.outcome;
}

export const handler = scheduleHandler(runReviewTarget);
