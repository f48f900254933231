import type { Page } from '../shared/page';
import { pageQuerySchema } from '../shared/schemas';
import { parseWith } from '../shared/validation';
import type { SlaConfigDeps } from './config-ports';
import { requireDesk } from './config-records';
import type { SlaPolicy } from './policy';

/** Every policy by id, inactive ones included (`active` tells): one Query per page. */
export async function listPolicies(query: unknown, deps: SlaConfigDeps): Promise<Page<SlaPolicy>> {
  requireDesk(deps.actor, 'SLA policies');
  return deps.policies.list(parseWith(pageQuerySchema, query));
}
