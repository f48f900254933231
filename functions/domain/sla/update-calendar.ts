import { requireAdmin } from '../shared/actor';
import { eventBy } from '../shared/audit-trail';
import { PreconditionFailedError, PreconditionRequiredError } from '../shared/errors';
import { parseChanges } from '../shared/validation';
import { alwaysOpenCalendarId, type BusinessCalendar } from './calendar';
import { updateCalendarSchema } from './calendar-commands';
import type { SlaConfigDeps } from './config-ports';
import { builtInCalendarError, calendarRecord, diffCalendar, loadCalendar } from './config-records';

/**
 * An admin renames a calendar or changes its zone, hours or holidays (If-Match required). Running clocks pick the
 * change up when their incident next changes (the clock engine re-reads the calendar). 24x7 is refused (422).
 */
export async function updateCalendar(
  id: string,
  ifMatch: number | undefined,
  input: unknown,
  deps: SlaConfigDeps,
): Promise<BusinessCalendar> {
  const { actor, calendars, clock } = deps;
  requireAdmin(actor, 'change calendars');
  if (id === alwaysOpenCalendarId) throw builtInCalendarError();
  const changes = parseChanges(updateCalendarSchema, input);
  if (ifMatch === undefined) throw new PreconditionRequiredError();
  const current = await loadCalendar(id, deps);
  if (current.version !== ifMatch) throw new PreconditionFailedError('Calendar', ifMatch, current.version);
  const next: BusinessCalendar = { ...current, ...changes };
  const diff = diffCalendar(current, next);
  if (diff.length === 0) return current;
  const at = clock.now().toISOString();
  const event = eventBy(deps, calendarRecord(next), 'updated', at, diff);
  return calendars.update({ ...next, updatedAt: at, version: current.version + 1 }, current.version, event);
}
