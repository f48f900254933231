/**
 * Who may see and do what with a change (pure). Requesters raise changes and work their own drafts; the desk
 * (agents, CAB, change managers, admins) sees every change; change managers and admins run them; the implementer
 * starts the implementation and records its outcome. Nimbus itself makes the approval workflow's moves.
 */
import { type Actor, hasRole } from '../shared/actor';
import { type Change, type ChangeStatus, changeTransitions, systemOnlyMoves } from './change';

/** Agents, CAB members, change managers and admins see every change. */
export function seesAllChanges(actor: Actor): boolean {
  return hasRole(actor, 'agent', 'cab', 'change-manager', 'admin');
}

/** Change managers and admins run changes: every move a person may make, any edit. */
export function runsChanges(actor: Actor): boolean {
  return hasRole(actor, 'change-manager', 'admin');
}

export function isRequesterOf(actor: Actor, change: Change): boolean {
  return change.requester.id === actor.id;
}

export function isImplementerOf(actor: Actor, change: Change): boolean {
  return change.implementer?.id === actor.id;
}

export function canSeeChange(actor: Actor, change: Change): boolean {
  return seesAllChanges(actor) || isRequesterOf(actor, change) || isImplementerOf(actor, change);
}

export function isSystemOnlyMove(from: ChangeStatus, to: ChangeStatus): boolean {
  return systemOnlyMoves.some(([f, t]) => f === from && t === to);
}

/** The lifecycle's moves a person may ever make from `from` (the table without Nimbus's own moves). */
export function personMovesFrom(from: ChangeStatus): ChangeStatus[] {
  return changeTransitions[from].filter((to) => !isSystemOnlyMove(from, to));
}

/**
 * Whether `actor` may make the (lifecycle-valid, person-made) move of `change` to `to`:
 * - change managers and admins: every such move;
 * - the requester: submit their draft (`draft → assess`), schedule their own standard change (pre-approved:
 *   `draft → scheduled`), cancel their draft, and take a rejected change back to draft to rework it;
 * - the implementer: start the implementation (`scheduled → implement`).
 */
export function mayMove(actor: Actor, change: Change, to: ChangeStatus): boolean {
  if (runsChanges(actor)) return true;
  const from = change.status;
  if (isRequesterOf(actor, change)) {
    if (from === 'draft' && (to === 'assess' || to === 'cancelled')) return true;
    if (from === 'draft' && to === 'scheduled' && change.type === 'standard') return true;
    if (from === 'rejected' && to === 'draft') return true;
  }
  if (isImplementerOf(actor, change) && from === 'scheduled' && to === 'implement') return true;
  return false;
}

/** The moves `actor` could make from where `change` is (what a 422 lists as `allowed`). */
export function allowedMoves(actor: Actor, change: Change): ChangeStatus[] {
  return personMovesFrom(change.status).filter((to) => mayMove(actor, change, to));
}

/** Whether `actor` may edit the change's fields: change managers and admins always; the requester in `draft`. */
export function mayEdit(actor: Actor, change: Change): boolean {
  return runsChanges(actor) || (isRequesterOf(actor, change) && change.status === 'draft');
}

/** Statuses after which a change is a record only: nothing changes any more. */
export const finalChangeStatuses: readonly ChangeStatus[] = ['closed', 'cancelled'];
