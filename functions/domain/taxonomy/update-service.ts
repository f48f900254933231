import { requireAdmin } from '../shared/actor';
import { eventBy } from '../shared/audit-trail';
import { NotFoundError, PreconditionFailedError, PreconditionRequiredError } from '../shared/errors';
import { slugPattern } from '../shared/ids';
import { activeGroup } from '../shared/references';
import { parseChanges } from '../shared/validation';
import { applyReferenceChanges, diffFields, referenceRecord } from './access';
import { type UpdateServiceInput, updateServiceSchema } from './commands';
import { serviceFields } from './create-service';
import type { TaxonomyDeps } from './ports';
import type { BusinessService } from './taxonomy';

/** Admins rename, describe, retire or reactivate a service, or change its owner group (If-Match). */
export async function updateService(
  id: string,
  ifMatch: number | undefined,
  input: unknown,
  deps: TaxonomyDeps,
): Promise<BusinessService> {
  const { actor, taxonomy, clock } = deps;
  requireAdmin(actor, 'manage business services');
  const changes = parseChanges(updateServiceSchema, input);
  if (ifMatch === undefined) throw new PreconditionRequiredError();
  const current = slugPattern.test(id) ? await taxonomy.getService(id) : undefined;
  if (!current) throw new NotFoundError('Service');
  if (current.version !== ifMatch) throw new PreconditionFailedError('Service', ifMatch, current.version);

  const at = clock.now().toISOString();
  const changed = applyServiceChanges(current, changes);
  const diff = diffFields(current, changed, serviceFields);
  if (diff.length === 0) return current;
  const next: BusinessService = { ...changed, updatedAt: at, version: current.version + 1 };
  const newOwner = next.ownerGroup !== undefined && next.ownerGroup !== current.ownerGroup;
  return taxonomy.updateService(
    next,
    current.version,
    eventBy(deps, referenceRecord('service', next), 'updated', at, diff),
    newOwner ? [activeGroup(next.ownerGroup as string, 'ownerGroup')] : [],
  );
}

function applyServiceChanges(current: BusinessService, changes: UpdateServiceInput): BusinessService {
  const { ownerGroup: _o, ...rest } = applyReferenceChanges(current, changes);
  const ownerGroup = changes.ownerGroup === undefined ? current.ownerGroup : (changes.ownerGroup ?? undefined);
  return { ...rest, ...(ownerGroup === undefined ? {} : { ownerGroup }) };
}
