import { requireAdmin } from '../shared/actor';
import { eventBy } from '../shared/audit-trail';
import { PreconditionFailedError, PreconditionRequiredError } from '../shared/errors';
import { parseChanges } from '../shared/validation';
import type { SlaConfigDeps } from './config-ports';
import { diffPolicy, loadPolicy, policyChecks, policyRecord } from './config-records';
import type { SlaPolicy } from './policy';
import { updatePolicySchema } from './policy-commands';

/**
 * An admin changes a policy or (de)activates it (If-Match required). New references are confirmed by the write.
 * Running clocks keep their targets until their incident next changes (decision 0016).
 */
export async function updatePolicy(
  id: string,
  ifMatch: number | undefined,
  input: unknown,
  deps: SlaConfigDeps,
): Promise<SlaPolicy> {
  const { actor, policies, clock } = deps;
  requireAdmin(actor, 'change SLA policies');
  const changes = parseChanges(updatePolicySchema, input);
  if (ifMatch === undefined) throw new PreconditionRequiredError();
  const current = await loadPolicy(id, deps);
  if (current.version !== ifMatch) throw new PreconditionFailedError('SLA policy', ifMatch, current.version);
  const next: SlaPolicy = { ...current, ...changes };
  const diff = diffPolicy(current, next);
  if (diff.length === 0) return current;
  const at = clock.now().toISOString();
  const event = eventBy(deps, policyRecord(next), 'updated', at, diff);
  const saved = { ...next, updatedAt: at, version: current.version + 1 };
  return policies.update(saved, current.version, event, policyChecks(current, next));
}
