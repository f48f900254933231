import * as z from 'zod/mini';
import { isFulfiller } from '../actor';
import { DomainError, ForbiddenError, ValidationError } from '../errors';
import { parseWith } from '../validation';
import { loadVisibleIncident } from './access';
import { commentSchema, updateIncidentSchema } from './commands';
import { addComment } from './comments';
import type { IncidentDeps } from './deps';
import { type Incident, incidentStatuses } from './incident';
import type { Comment, IdempotencyClaim } from './ports';
import { applyUpdate } from './update-incident';

export const maxBulkItems = 50;

const target = z.string().check(z.trim(), z.minLength(1), z.maxLength(64));
const targets = z.array(target).check(
  z.minLength(1),
  z.maxLength(maxBulkItems),
  z.refine((ids) => new Set(ids.map((id) => id.toUpperCase())).size === ids.length, 'List each incident once'),
);

const { assignmentGroup, assignee, holdReason, resolutionCode, resolutionNotes } = updateIncidentSchema.shape;

export const bulkActionSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('assign'), ids: targets, assignmentGroup, assignee }),
  z.strictObject({
    action: z.literal('status'),
    ids: targets,
    status: z.enum(incidentStatuses),
    holdReason,
    resolutionCode,
    resolutionNotes,
  }),
  z.strictObject({
    action: z.literal('comment'),
    ids: targets,
    body: commentSchema.shape.body,
    visibility: commentSchema.shape.visibility,
  }),
]);

export type BulkItemResult =
  | { readonly id: string; readonly status: 200; readonly incident: Incident }
  | { readonly id: string; readonly status: 201; readonly comment: Comment; readonly replayed: boolean }
  | { readonly id: string; readonly status: number; readonly error: DomainError };

export interface BulkResult {
  readonly action: string;
  readonly succeeded: number;
  readonly failed: number;
  readonly results: readonly BulkItemResult[];
}

const concurrency = 5;

/**
 * Assign, change status or comment on up to 50 incidents at once. Each incident goes through the same use case
 * as a single request — authorised, validated, written and audited on its own, in its own transaction — so one
 * failure is reported for that item and touches nothing else. Updates are conditional on the version each item
 * was read at. With an Idempotency-Key, each comment gets its own derived key, so a retried bulk comments once.
 */
export async function bulkAction(
  input: unknown,
  deps: IncidentDeps,
  idempotency?: IdempotencyClaim,
): Promise<BulkResult> {
  if (!isFulfiller(deps.actor)) throw new ForbiddenError('run bulk actions');
  const cmd = parseWith(bulkActionSchema, input);
  const { ids, action, ...rest } = cmd;
  const fields = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  if (action !== 'comment' && Object.keys(fields).length === 0) {
    throw new ValidationError([
      { path: action === 'assign' ? 'assignmentGroup' : 'status', message: 'Say what to change' },
    ]);
  }

  const one = async (id: string): Promise<BulkItemResult> => {
    try {
      if (action === 'comment') {
        const claim = idempotency && { ...idempotency, key: `${idempotency.key}#${id.toUpperCase()}` };
        const { value, replayed } = await addComment(id, fields, deps, claim);
        return { id, status: 201, comment: value, replayed };
      }
      const current = await loadVisibleIncident(id, deps);
      const changes = parseWith(updateIncidentSchema, fields);
      return { id, status: 200, incident: await applyUpdate(current, current.version, changes, deps) };
    } catch (error) {
      if (error instanceof DomainError) return { id, status: error.status, error };
      // Reported for this item only (the caller logs the cause); the other items carry on.
      const internal = new DomainError('INTERNAL', 500, 'Something went wrong on our side with this item');
      return { id, status: 500, error: Object.assign(internal, { cause: error }) };
    }
  };

  const results: BulkItemResult[] = new Array(ids.length);
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const i = next++;
      results[i] = await one(ids[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
  const failed = results.filter((r) => r.status >= 400).length;
  return { action, succeeded: results.length - failed, failed, results };
}
