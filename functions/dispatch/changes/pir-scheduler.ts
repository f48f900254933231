import { type ReviewScheduler, reviewToSchedule } from '../../domain/changes/post-implementation-review';
import { pirScheduleName } from '../../schedules/schedules';
import type { Consumer } from '../consumer';

export const pirSchedulerName = 'change-pir-scheduler';

/**
 * When a change's implementation is recorded (`implemented`, or `failed`), creates its one-time review schedule
 * `pir-<change id>` firing at `implementation.reviewDueAt`. The schedule name makes the create idempotent at
 * Scheduler too (an existing one is `exists`); `once` keeps a redelivered event from calling Scheduler again.
 */
export function pirScheduler(deps: { readonly scheduler: ReviewScheduler }): Consumer {
  return {
    name: pirSchedulerName,
    wants: (event) => reviewToSchedule(event) !== undefined,
    async handle(event, { once }) {
      const review = reviewToSchedule(event);
      if (!review) return;
      const name = pirScheduleName(review.changeId);
      await once(`${pirSchedulerName}:${event.id}:${name}`, async () => {
        await deps.scheduler.scheduleOnce({ name, at: review.reviewDueAt, input: review });
      });
    },
  };
}
