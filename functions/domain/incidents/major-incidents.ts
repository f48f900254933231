/**
 * Major incidents: one update reaches every linked child's requester, and resolving the major incident lets the
 * desk resolve its children with the same resolution. Declaring and standing down is `PATCH {major}`
 * (apply-changes.ts); linking children is links.ts.
 */
import * as z from 'zod/mini';
import { isFulfiller } from '../shared/actor';
import { type IdempotencyClaim, itemClaim } from '../shared/created';
import { BusinessRuleError, ForbiddenError } from '../shared/errors';
import { parseWith } from '../shared/validation';
import { loadVisibleIncident } from './access';
import { commentSchema } from './commands';
import { commentOn } from './comments';
import type { Incident } from './incident';
import type { LinkDeps } from './links';
import { type BulkItemResult, eachItem, failures } from './per-item';
import type { Comment } from './ports';
import { applyUpdate } from './update-incident';

export const majorUpdateSchema = z.strictObject({ body: commentSchema.shape.body });

export interface MajorUpdate {
  /** The update as posted on the major incident itself. */
  readonly update: Comment;
  readonly replayed: boolean;
  /** One entry per child: 201 with the comment posted on it, or the problem (e.g. 422 when it is closed). */
  readonly children: readonly BulkItemResult[];
}

export interface ChildrenResolution {
  readonly succeeded: number;
  readonly failed: number;
  /** Children already resolved or closed, left as they are. */
  readonly skipped: number;
  readonly results: readonly BulkItemResult[];
}

async function loadMajor(idOrNumber: string, deps: LinkDeps): Promise<Incident> {
  if (!isFulfiller(deps.actor)) throw new ForbiddenError('coordinate a major incident');
  const major = await loadVisibleIncident(idOrNumber, deps);
  if (!major.major) {
    throw new BusinessRuleError('NOT_MAJOR', `${major.number} is not a major incident; declare it first`);
  }
  return major;
}

/**
 * Posts one public update on the major incident and on each linked child (so each child's requester reads it on
 * their own ticket). Each child is written on its own; with an Idempotency-Key every child gets a derived key, so a
 * retry after a partial failure completes the rest without posting anything twice.
 */
export async function postMajorUpdate(
  idOrNumber: string,
  input: unknown,
  deps: LinkDeps,
  idempotency?: IdempotencyClaim,
): Promise<MajorUpdate> {
  const { body } = parseWith(majorUpdateSchema, input);
  const major = await loadMajor(idOrNumber, deps);
  const [own, children] = await Promise.all([
    commentOn(major, { body, visibility: 'public' }, deps, idempotency),
    deps.links.children(major.id),
  ]);
  const childBody = `Update on major incident ${major.number} (${major.title}):\n\n${body}`;
  // Each child's comment event says which major incident it came from (notifications and domain events use it).
  const fromMajor = [{ field: 'majorUpdate', before: null, after: { id: major.id, number: major.number } }];
  const results = await eachItem(
    children.map((c) => c.targetId),
    async (childId): Promise<BulkItemResult> => {
      const cmd = parseWith(commentSchema, { body: childBody, visibility: 'public' });
      const child = await loadVisibleIncident(childId, deps);
      const { value, replayed } = await commentOn(child, cmd, deps, itemClaim(idempotency, childId), fromMajor);
      return { id: childId, status: 201, comment: value, replayed };
    },
  );
  return { update: own.value, replayed: own.replayed, children: results };
}

/**
 * Resolves every open child of a resolved major incident with the same resolution code and notes (pointing at the
 * major incident), each on its own, conditional on the version just read and audited like a single update.
 * Children already resolved or closed are skipped, so running it twice changes nothing more.
 */
export async function resolveChildren(idOrNumber: string, deps: LinkDeps): Promise<ChildrenResolution> {
  const major = await loadMajor(idOrNumber, deps);
  if (major.status !== 'resolved' && major.status !== 'closed') {
    throw new BusinessRuleError(
      'MAJOR_NOT_RESOLVED',
      `Resolve ${major.number} first; its children take its resolution`,
    );
  }
  const children = await deps.links.children(major.id);
  let skipped = 0;
  const results = await eachItem(
    children.map((c) => c.targetId),
    async (childId): Promise<BulkItemResult | undefined> => {
      const child = await loadVisibleIncident(childId, deps);
      if (child.status === 'resolved' || child.status === 'closed') {
        skipped += 1;
        return undefined;
      }
      const changes = {
        status: 'resolved' as const,
        resolutionCode: major.resolutionCode,
        resolutionNotes: `Resolved with major incident ${major.number}: ${major.resolutionNotes ?? ''}`.trim(),
      };
      return { id: childId, status: 200, incident: await applyUpdate(child, child.version, changes, deps) };
    },
  );
  const done = results.filter((r): r is BulkItemResult => r !== undefined);
  const failed = failures(done);
  return { succeeded: done.length - failed, failed, skipped, results: done };
}
