import { requireAdmin } from '../shared/actor';
import { eventBy } from '../shared/audit-trail';
import type { Created, IdempotencyClaim } from '../shared/created';
import { parseWith } from '../shared/validation';
import type { BusinessCalendar } from './calendar';
import { createCalendarSchema } from './calendar-commands';
import type { SlaConfigDeps } from './config-ports';
import { calendarRecord, diffCalendar } from './config-records';

/** An admin creates a business calendar (id: a fresh ULID). */
export async function createCalendar(
  input: unknown,
  deps: SlaConfigDeps,
  idempotency?: IdempotencyClaim,
): Promise<Created<BusinessCalendar>> {
  const { actor, calendars, clock, ids } = deps;
  requireAdmin(actor, 'create calendars');
  const cmd = parseWith(createCalendarSchema, input);
  const at = clock.now().toISOString();
  const calendar: BusinessCalendar = {
    id: ids.next(),
    name: cmd.name,
    timeZone: cmd.timeZone,
    hours: cmd.hours,
    holidays: cmd.holidays,
    builtIn: false,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  const event = eventBy(deps, calendarRecord(calendar), 'created', at, diffCalendar(undefined, calendar));
  return calendars.create(calendar, event, idempotency);
}
