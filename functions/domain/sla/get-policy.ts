import type { SlaConfigDeps } from './config-ports';
import { loadPolicy, requireDesk } from './config-records';
import type { SlaPolicy } from './policy';

export async function getPolicy(id: string, deps: SlaConfigDeps): Promise<SlaPolicy> {
  requireDesk(deps.actor, 'SLA policies');
  return loadPolicy(id, deps);
}
