import { requireAdmin } from '../shared/actor';
import { eventBy, personRef } from '../shared/audit-trail';
import type { Created, IdempotencyClaim } from '../shared/created';
import { knownPerson } from '../shared/references';
import { parseWith } from '../shared/validation';
import { createGroupSchema } from './commands';
import { diffGroup, escalationChecks, type Group, groupRecord, selfEscalationError } from './group';
import type { GroupDeps } from './ports';

/**
 * An admin creates an active group under a slug nobody used before (409 GROUP_EXISTS). The escalation group, if any,
 * must be another active group, and the manager a known, active person: the write itself confirms both, so a retire
 * or deactivation racing with this create cannot slip by.
 */
export async function createGroup(
  input: unknown,
  deps: GroupDeps,
  idempotency?: IdempotencyClaim,
): Promise<Created<Group>> {
  const { actor, groups, clock } = deps;
  requireAdmin(actor, 'create assignment groups');
  const cmd = parseWith(createGroupSchema, input);
  if (cmd.escalationGroup === cmd.id) throw selfEscalationError();
  const at = clock.now().toISOString();
  const group: Group = {
    id: cmd.id,
    name: cmd.name,
    ...(cmd.description === undefined ? {} : { description: cmd.description }),
    manager: personRef(cmd.manager, actor),
    ...(cmd.escalationGroup === undefined ? {} : { escalationGroup: cmd.escalationGroup }),
    active: true,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  const event = eventBy(deps, groupRecord(group), 'created', at, diffGroup(undefined, group));
  const checks = [...escalationChecks(undefined, group), ...knownPerson(group.manager, 'manager', actor.id)];
  return groups.create(group, event, checks, idempotency);
}
