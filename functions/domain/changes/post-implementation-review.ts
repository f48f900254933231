/**
 * The post-implementation review (PIR), pure: which committed change event asks for a review schedule, what that
 * schedule carries, opening the review when it fires (a system move `implement | failed → review`), and who is told.
 * No AWS imports: the scheduler and the change store are ports.
 */
import type { AuditEvent, FieldChange } from '../shared/audit';
import type { Change, ChangeImplementation, ChangeReview, ChangeStatus } from './change';
import { type SystemMoveDeps, systemMove } from './system-move';

/** The system actor's reason on everything the review schedule does. */
export const pirReason = 'post-implementation review';

/** Statuses a review opens from: implemented (and still in `implement`) or backed out (`failed`). */
export const reviewableStatuses: readonly ChangeStatus[] = ['implement', 'failed'];

/** What a review schedule hands its target when it fires. */
export interface ReviewScheduleInput {
  readonly changeId: string;
  readonly reviewDueAt: string;
}

/** One one-time schedule: its name in the group, the instant it fires (ISO, UTC) and its target's input. */
export interface OneTimeScheduleRequest {
  readonly name: string;
  readonly at: string;
  readonly input: ReviewScheduleInput;
}

/**
 * The scheduler port (EventBridge Scheduler on AWS; the local stack's scheduler behind the same API locally).
 * `created`, or `exists` when a schedule of that name is already there (a redelivery, a second outcome).
 */
export interface ReviewScheduler {
  scheduleOnce(request: OneTimeScheduleRequest): Promise<'created' | 'exists'>;
}

function fieldChange(event: AuditEvent, field: string): FieldChange | undefined {
  return event.changes.find((change) => change.field === field);
}

function isImplementation(value: unknown): value is Pick<ChangeImplementation, 'outcome' | 'reviewDueAt'> {
  const candidate = value as Partial<ChangeImplementation> | null | undefined;
  return (
    (candidate?.outcome === 'implemented' || candidate?.outcome === 'failed') &&
    typeof candidate.reviewDueAt === 'string' &&
    Number.isFinite(Date.parse(candidate.reviewDueAt))
  );
}

/**
 * The review a committed change event asks to schedule: the event records an implementation outcome
 * (`implementation` FieldChange whose `after` is `implemented` or `failed`, with its `reviewDueAt`). Undefined for
 * every other event.
 */
export function reviewToSchedule(event: AuditEvent): ReviewScheduleInput | undefined {
  if (event.recordType !== 'change') return undefined;
  const change = fieldChange(event, 'implementation');
  if (!change || !isImplementation(change.after)) return undefined;
  const before = change.before as Partial<ChangeImplementation> | null | undefined;
  // The same outcome written again (an unrelated edit carrying the field) schedules nothing new.
  if (before?.outcome === change.after.outcome && before?.reviewDueAt === change.after.reviewDueAt) return undefined;
  return { changeId: event.recordId, reviewDueAt: change.after.reviewDueAt };
}

/** The review as it stands once opened: `openedAt`, no outcome yet (the change manager records it, `PATCH review`). */
export function openedReview(current: Change, at: string): ChangeReview {
  return { ...current.review, openedAt: at };
}

export type ReviewOpening =
  | { readonly outcome: 'opened'; readonly change: Change }
  /** Already in review, closed, or moved on another way: nothing to do (a retry, a late schedule). */
  | { readonly outcome: 'skipped'; readonly status: ChangeStatus }
  | { readonly outcome: 'missing' };

/**
 * The review schedule fired: move the change `implement | failed → review` as Nimbus (`post-implementation
 * review`), stamping `review.openedAt`. Idempotent: a change no longer in those statuses is left alone, and the
 * move itself is conditional (systemMove changes nothing when the status moved meanwhile).
 */
export async function openReview(input: ReviewScheduleInput, deps: SystemMoveDeps): Promise<ReviewOpening> {
  const current = await deps.changes.get(input.changeId);
  if (!current) return { outcome: 'missing' };
  if (!reviewableStatuses.includes(current.status)) return { outcome: 'skipped', status: current.status };
  const at = deps.clock.now().toISOString();
  const moved = await systemMove(deps, {
    changeId: input.changeId,
    from: reviewableStatuses,
    to: 'review',
    reason: pirReason,
    patch: { review: openedReview(current, at) },
  });
  if (!moved) {
    const now = await deps.changes.get(input.changeId);
    return now ? { outcome: 'skipped', status: now.status } : { outcome: 'missing' };
  }
  return { outcome: 'opened', change: moved };
}

/**
 * The event that opened a review (status → `review`, made by Nimbus for the review schedule): the change manager
 * is told. Undefined for any other event.
 */
export function reviewOpened(event: AuditEvent): { readonly changeManagerId: string | null } | undefined {
  if (event.recordType !== 'change') return undefined;
  const status = fieldChange(event, 'status');
  if (status?.after !== 'review' || status.before === 'review') return undefined;
  const manager = event.subject?.changeManagerId;
  return { changeManagerId: typeof manager === 'string' && manager.length > 0 ? manager : null };
}
