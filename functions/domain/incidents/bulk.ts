import * as z from 'zod/mini';
import { isFulfiller } from '../shared/actor';
import { type IdempotencyClaim, itemClaim } from '../shared/created';
import { ForbiddenError, ValidationError } from '../shared/errors';
import { parseWith } from '../shared/validation';
import { loadVisibleIncidentWithPerson } from './access';
import { commentSchema, updateIncidentSchema } from './commands';
import { addComment } from './comments';
import type { IncidentDeps } from './deps';
import { incidentStatuses } from './incident';
import { type BulkItemResult, eachItem, failures } from './per-item';
import { applyUpdate, assigneeToRead } from './update-incident';

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

export type { BulkItemResult };

export interface BulkResult {
  readonly action: string;
  readonly succeeded: number;
  readonly failed: number;
  readonly results: readonly BulkItemResult[];
}

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

  const results = await eachItem(ids, async (id): Promise<BulkItemResult> => {
    if (action === 'comment') {
      const claim = itemClaim(idempotency, id.toUpperCase());
      const { value, replayed } = await addComment(id, fields, deps, claim);
      return { id, status: 201, comment: value, replayed };
    }
    const changes = parseWith(updateIncidentSchema, fields);
    const { incident, person } = await loadVisibleIncidentWithPerson(id, assigneeToRead(changes, deps), deps);
    return { id, status: 200, incident: await applyUpdate(incident, incident.version, changes, deps, person) };
  });
  const failed = failures(results);
  return { action, succeeded: results.length - failed, failed, results };
}
