import { requireAdmin } from '../shared/actor';
import type { Created, IdempotencyClaim } from '../shared/created';
import { activeGroup } from '../shared/references';
import { parseWith } from '../shared/validation';
import { newReference } from './access';
import { createServiceSchema } from './commands';
import type { TaxonomyDeps } from './ports';
import type { BusinessService } from './taxonomy';

export const serviceFields = ['name', 'description', 'ownerGroup', 'active'] as const;

/** Admins add a business service; its owner group, when named, must be an existing active group (checked in the write). */
export async function createService(
  input: unknown,
  deps: TaxonomyDeps,
  idempotency?: IdempotencyClaim,
): Promise<Created<BusinessService>> {
  requireAdmin(deps.actor, 'manage business services');
  const cmd = parseWith(createServiceSchema, input);
  const { record, event } = newReference<BusinessService>(
    'service',
    {
      id: cmd.id,
      name: cmd.name,
      ...(cmd.description === undefined ? {} : { description: cmd.description }),
      ...(cmd.ownerGroup === undefined ? {} : { ownerGroup: cmd.ownerGroup }),
    },
    serviceFields,
    deps,
  );
  const checks = record.ownerGroup ? [activeGroup(record.ownerGroup, 'ownerGroup')] : [];
  return deps.taxonomy.createService(record, event, checks, idempotency);
}
