import { requireAdmin } from '../shared/actor';
import { eventBy } from '../shared/audit-trail';
import type { Created, IdempotencyClaim } from '../shared/created';
import { parseWith } from '../shared/validation';
import type { SlaConfigDeps } from './config-ports';
import { diffPolicy, policyChecks, policyRecord } from './config-records';
import type { SlaPolicy } from './policy';
import { createPolicySchema } from './policy-commands';

/** An admin creates a policy (id: a fresh ULID); its calendar, service and category are confirmed by the write. */
export async function createPolicy(
  input: unknown,
  deps: SlaConfigDeps,
  idempotency?: IdempotencyClaim,
): Promise<Created<SlaPolicy>> {
  const { actor, policies, clock, ids } = deps;
  requireAdmin(actor, 'create SLA policies');
  const cmd = parseWith(createPolicySchema, input);
  const at = clock.now().toISOString();
  const policy: SlaPolicy = { id: ids.next(), ...cmd, createdAt: at, updatedAt: at, version: 1 };
  const event = eventBy(deps, policyRecord(policy), 'created', at, diffPolicy(undefined, policy));
  return policies.create(policy, event, policyChecks(undefined, policy), idempotency);
}
