import { requireAdmin } from '../actor';
import { actorRef } from '../incidents/access';
import type { Created, IdempotencyClaim } from '../incidents/ports';
import { parseWith } from '../validation';
import { diffFields } from './access';
import { createServiceSchema } from './commands';
import type { ReferenceEvent, TaxonomyDeps } from './ports';
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
  const at = deps.clock.now().toISOString();
  const service: BusinessService = {
    id: cmd.id,
    name: cmd.name,
    ...(cmd.description === undefined ? {} : { description: cmd.description }),
    ...(cmd.ownerGroup === undefined ? {} : { ownerGroup: cmd.ownerGroup }),
    active: true,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  const event: ReferenceEvent = {
    id: deps.ids.next(),
    recordId: `service:${service.id}`,
    action: 'created',
    actor: actorRef(deps.actor),
    at,
    changes: diffFields(undefined, service, serviceFields),
  };
  return deps.taxonomy.createService(service, event, idempotency);
}
