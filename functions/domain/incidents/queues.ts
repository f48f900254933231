import * as z from 'zod/mini';
import { hasRole, isFulfiller } from '../shared/actor';
import { ForbiddenError, NotFoundError } from '../shared/errors';
import { slugPattern } from '../shared/ids';
import type { Page } from '../shared/page';
import { pageQuerySchema } from '../shared/schemas';
import { parseWith } from '../shared/validation';
import type { IncidentDeps } from './deps';
import type { Incident, IncidentStatus } from './incident';

export type StatusCounts = Readonly<Record<IncidentStatus, number>>;

/**
 * `priority` (the default): P1 first, then oldest — exact, read from the incidents' own index. `due`: the earliest
 * next SLA due time first, incidents with no running clock after them (P1 first, then by id) — read from the SLA
 * items' index, which follows the incidents a moment after commit (decision 0019).
 */
export const queueSorts = ['priority', 'due'] as const;
export type QueueSort = (typeof queueSorts)[number];

export const queueQuerySchema = z.extend(pageQuerySchema, { sort: z.optional(z.enum(queueSorts)) });

/** A queue row: the incident, and with `sort=due` its next SLA due time (null: no clock runs). */
export type QueueRow = Incident & { readonly slaDueAt?: string | null };

export interface Queue extends Page<QueueRow> {
  readonly group: { readonly id: string; readonly name: string; readonly active: boolean };
  readonly counts: StatusCounts;
}

export interface QueueSnapshot {
  readonly group?: { readonly id: string; readonly name: string; readonly active: boolean; readonly managerId: string };
  readonly callerIsMember: boolean;
  readonly counts: StatusCounts;
  readonly page: Page<QueueRow>;
}

/** Reads a group's open work, its counts and (for an agent) their membership, in parallel. */
export interface QueueReader {
  queue(
    groupId: string,
    memberId: string | undefined,
    page: { limit: number; cursor?: string },
    sort: QueueSort,
  ): Promise<QueueSnapshot>;
}

/**
 * A group's queue: open incidents (new, in progress, on hold), P1 first then oldest first (or by next SLA due time:
 * `sort=due`), with the counts per status. Admins see every queue; an agent sees the queues of the groups they
 * belong to (or manage). A cursor continues only the sort it came from (another sort's cursor: 400 INVALID_CURSOR).
 */
export async function getQueue(
  groupId: string,
  query: unknown,
  deps: IncidentDeps & { queues: QueueReader },
): Promise<Queue> {
  const { sort = 'priority', ...page } = parseWith(queueQuerySchema, query);
  const { actor } = deps;
  if (!isFulfiller(actor)) throw new ForbiddenError('see assignment group queues');
  if (!slugPattern.test(groupId)) throw new NotFoundError('Assignment group');
  const admin = hasRole(actor, 'admin');
  const snapshot = await deps.queues.queue(groupId, admin ? undefined : actor.id, page, sort);
  if (!snapshot.group) throw new NotFoundError('Assignment group');
  if (!admin && !snapshot.callerIsMember && snapshot.group.managerId !== actor.id) {
    throw new ForbiddenError(`see the queue of ${groupId}; you are not a member of it`);
  }
  const { id, name, active } = snapshot.group;
  return { group: { id, name, active }, counts: snapshot.counts, ...snapshot.page };
}
