import { requireAdmin } from '../shared/actor';
import { eventBy, personRef } from '../shared/audit-trail';
import { PreconditionFailedError, PreconditionRequiredError } from '../shared/errors';
import { knownPerson, type ReferenceCheck } from '../shared/references';
import { parseChanges } from '../shared/validation';
import { loadGroup } from './access';
import { updateGroupSchema } from './commands';
import { applyGroupChanges, diffGroup, escalationChecks, type Group, groupRecord, selfEscalationError } from './group';
import type { GroupDeps } from './ports';

/**
 * An admin renames, describes, hands over, re-points the escalation of, retires (`active: false`) or reactivates a
 * group. The id never changes. The write is conditional on `ifMatch`; a new escalation group is confirmed active, and a
 * new manager a known, active person, in the same transaction.
 */
export async function updateGroup(
  id: string,
  ifMatch: number | undefined,
  input: unknown,
  deps: GroupDeps,
): Promise<Group> {
  const { actor, groups, clock } = deps;
  requireAdmin(actor, 'change assignment groups');
  const changes = parseChanges(updateGroupSchema, input);
  if (ifMatch === undefined) throw new PreconditionRequiredError();
  const current = await loadGroup(id, deps);
  if (current.version !== ifMatch) throw new PreconditionFailedError('Group', ifMatch, current.version);

  const manager = changes.manager && personRef(changes.manager, actor);
  const next = applyGroupChanges(current, { ...changes, ...(manager ? { manager } : {}) });
  if (next.escalationGroup === current.id) throw selfEscalationError();
  const diff = diffGroup(current, next);
  if (diff.length === 0) return current;
  const at = clock.now().toISOString();
  const event = eventBy(deps, groupRecord(next), 'updated', at, diff);
  return groups.update({ ...next, updatedAt: at, version: current.version + 1 }, current.version, event, [
    ...escalationChecks(current, next),
    ...managerChecks(current, next, actor.id),
  ]);
}

/** A new manager must be a known, active person (an unchanged one is not checked again). */
function managerChecks(current: Group, next: Group, callerId: string): ReferenceCheck[] {
  const same = current.manager.id === next.manager.id && current.manager.username === next.manager.username;
  return same ? [] : knownPerson(next.manager, 'manager', callerId);
}
