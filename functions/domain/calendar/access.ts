import { type Actor, hasRole } from '../shared/actor';
import { ForbiddenError } from '../shared/errors';

/** Who reads the change calendar and blackout windows: the desk, the CAB, change managers, admins. */
export function canReadCalendar(actor: Pick<Actor, 'roles'>): boolean {
  return hasRole(actor as Actor, 'agent', 'cab', 'change-manager', 'admin');
}

export function requireCalendarReader(actor: Actor, action = 'read the change calendar'): void {
  if (!canReadCalendar(actor)) throw new ForbiddenError(action);
}
