import { NotFoundError, ValidationError } from '../shared/errors';
import { ulidPattern } from '../shared/ids';
import type { Page } from '../shared/page';
import { pageQuerySchema } from '../shared/schemas';
import { parseWith } from '../shared/validation';
import { canSeeChange, seesAllChanges } from './access';
import type { Change } from './change';
import { listChangesSchema } from './commands';
import type { ChangeDeps } from './deps';
import type { ChangeAuditEvent } from './ports';

export const changeNumberPattern = /^CHG\d{7,}$/;

/** A change by id or number, when the caller may see it; 404 alike for unknown and not-yours (no existence leak). */
export async function loadVisibleChange(
  idOrNumber: string,
  deps: Pick<ChangeDeps, 'actor' | 'changes'>,
): Promise<Change> {
  const key = idOrNumber.trim().toUpperCase();
  const change = changeNumberPattern.test(key)
    ? await deps.changes.getByNumber(key)
    : ulidPattern.test(key)
      ? await deps.changes.get(key)
      : undefined;
  if (!change || !canSeeChange(deps.actor, change)) throw new NotFoundError('Change');
  return change;
}

export function getChange(idOrNumber: string, deps: ChangeDeps): Promise<Change> {
  return loadVisibleChange(idOrNumber, deps);
}

/**
 * The desk (agents, CAB, change managers, admins) lists every change; anyone else, and the desk with `mine=true`, their
 * own changes: the ones they requested or implement, each once (`role=requester|implementer` narrows to one part and
 * makes the list the caller's own; `mine=false` with a role is a 400). In lifecycle order; `status` is a key
 * condition. One Query per page, two (in parallel) for requested-or-implemented (decision 0037).
 */
export async function listChanges(query: unknown, deps: ChangeDeps): Promise<Page<Change>> {
  const { mine, role, status, type, ...page } = parseWith(listChangesSchema, query);
  if (role && mine === 'false') {
    throw new ValidationError([{ path: 'role', message: 'A role lists your own changes: leave out mine=false' }]);
  }
  const everyone = seesAllChanges(deps.actor) && mine !== 'true' && !role;
  return deps.changes.list({
    ...page,
    scope: everyone ? { by: 'all' } : { by: role ?? 'involved', value: deps.actor.id },
    ...(status ? { status } : {}),
    ...(type ? { type } : {}),
  });
}

/** The whole audit trail of a change the caller may see, oldest first. */
export async function getChangeHistory(
  idOrNumber: string,
  query: unknown,
  deps: ChangeDeps,
): Promise<Page<ChangeAuditEvent>> {
  const page = parseWith(pageQuerySchema, query);
  const change = await loadVisibleChange(idOrNumber, deps);
  return deps.changes.history(change.id, page);
}
