/**
 * The admin-managed suppression list: addresses Nimbus never mails (bounces and complaints will add to it later).
 * Admins list, add (with a reason) and remove; each change is audited as a `suppression` record.
 */
import * as z from 'zod/mini';
import { requireAdmin } from '../shared/actor';
import type { AuditEvent, FieldChange } from '../shared/audit';
import { actorRef } from '../shared/audit-trail';
import type { CallerDeps } from '../shared/caller';
import type { IdempotencyClaim } from '../shared/created';
import { NotFoundError } from '../shared/errors';
import type { Page } from '../shared/page';
import { pageQuerySchema, text } from '../shared/schemas';
import { parseWith } from '../shared/validation';
import type { Suppression, SuppressionAdded, SuppressionRepository } from './ports';

export interface SuppressionDeps extends CallerDeps {
  readonly suppressions: SuppressionRepository;
}

/** RFC 5321 caps an address at 254 characters; stored and compared lower-cased. */
export const emailAddressSchema = z.pipe(
  z.string().check(z.trim(), z.maxLength(254), z.email('Use an e-mail address such as name@example.com')),
  z.transform((address: string) => address.toLowerCase()),
);

export const addSuppressionSchema = z.strictObject({
  address: emailAddressSchema,
  reason: text(500),
});

export function suppressionRecordId(address: string): string {
  return `suppression:${address}`;
}

function suppressionEvent(
  { actor, ids }: Pick<CallerDeps, 'actor' | 'ids'>,
  address: string,
  action: 'created' | 'deleted',
  at: string,
  change: FieldChange,
): AuditEvent {
  return {
    id: ids.next(),
    recordType: 'suppression',
    recordId: suppressionRecordId(address),
    action,
    // The system actor's reason too (bounces and complaints SES reported).
    actor: actorRef(actor),
    at,
    changes: [change],
  };
}

/**
 * Adding an address already on the list changes nothing and returns the stored entry (`created` false). With an
 * Idempotency-Key, a retry answers what the first request did (`replayed`).
 */
export async function addSuppression(
  input: unknown,
  deps: SuppressionDeps,
  idempotency?: IdempotencyClaim,
): Promise<SuppressionAdded> {
  requireAdmin(deps.actor, 'manage the suppression list');
  const { address, reason } = parseWith(addSuppressionSchema, input);
  const at = deps.clock.now().toISOString();
  const suppression: Suppression = {
    address,
    reason,
    addedAt: at,
    addedBy: { id: deps.actor.id, username: deps.actor.username },
  };
  const event = suppressionEvent(deps, address, 'created', at, {
    field: 'suppression',
    before: null,
    after: { address, reason },
  });
  return deps.suppressions.add(suppression, event, idempotency);
}

function addressOrNotFound(address: string): string {
  const parsed = emailAddressSchema.safeParse(address);
  if (!parsed.success) throw new NotFoundError('Suppressed address');
  return parsed.data;
}

export async function getSuppression(address: string, deps: SuppressionDeps): Promise<Suppression> {
  requireAdmin(deps.actor, 'manage the suppression list');
  const found = await deps.suppressions.get(addressOrNotFound(address));
  if (!found) throw new NotFoundError('Suppressed address');
  return found;
}

/** Removing an address that is not on the list is a 404 (also when a concurrent removal won). */
export async function removeSuppression(address: string, deps: SuppressionDeps): Promise<void> {
  const current = await getSuppression(address, deps);
  const event = suppressionEvent(deps, current.address, 'deleted', deps.clock.now().toISOString(), {
    field: 'suppression',
    before: { address: current.address, reason: current.reason },
    after: null,
  });
  if (!(await deps.suppressions.remove(current.address, event))) throw new NotFoundError('Suppressed address');
}

export async function listSuppressions(query: unknown, deps: SuppressionDeps): Promise<Page<Suppression>> {
  requireAdmin(deps.actor, 'manage the suppression list');
  return deps.suppressions.list(parseWith(pageQuerySchema, query));
}
