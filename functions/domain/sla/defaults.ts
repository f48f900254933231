/**
 * What every installation starts with (decision 0015): the built-in 24x7 calendar, a business-hours calendar and
 * ITIL-style policies for P1–P5. The store writes them once, lazily, in one conditional transaction.
 * Targets on business-hours are stated in hours: a "business day" there is 8 business hours (09:00–17:00), while
 * `P1D` would be 24 business hours (3 working days).
 */
import { alwaysOpenCalendarId, type BusinessCalendar, type CalendarHours, weekdays } from './calendar';
import type { EscalationAction, SlaPolicy } from './policy';

export const businessHoursCalendarId = 'business-hours';

const allDay = [{ start: '00:00', end: '24:00' }];
const nineToFive = [{ start: '09:00', end: '17:00' }];

export const alwaysOpenHours: CalendarHours = {
  timeZone: 'UTC',
  hours: Object.fromEntries(weekdays.map((d) => [d, allDay])) as unknown as CalendarHours['hours'],
  holidays: [],
};

/** The built-in calendar: not stored, never changed, always there. */
export const alwaysOpenCalendar: BusinessCalendar = {
  id: alwaysOpenCalendarId,
  name: 'Around the clock (24×7)',
  ...alwaysOpenHours,
  builtIn: true,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 1,
};

/** Mon–Fri 09:00–17:00 UTC, no holidays: admins change zone, hours and holidays to their desk's. */
export function businessHoursCalendar(at: string): BusinessCalendar {
  return {
    id: businessHoursCalendarId,
    name: 'Business hours (Mon–Fri 09:00–17:00 UTC)',
    timeZone: 'UTC',
    hours: { mon: nineToFive, tue: nineToFive, wed: nineToFive, thu: nineToFive, fri: nineToFive, sat: [], sun: [] },
    holidays: [],
    builtIn: false,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}

const notifyOnly: readonly EscalationAction[] = ['notify_assignee', 'notify_group_manager'];
const withEscalationGroup: readonly EscalationAction[] = [...notifyOnly, 'reassign_escalation_group'];

const seeds = [
  {
    priority: 'P1',
    response: 'PT15M',
    resolution: 'PT4H',
    calendarId: alwaysOpenCalendarId,
    breach: withEscalationGroup,
  },
  {
    priority: 'P2',
    response: 'PT30M',
    resolution: 'PT8H',
    calendarId: alwaysOpenCalendarId,
    breach: withEscalationGroup,
  },
  { priority: 'P3', response: 'PT4H', resolution: 'PT24H', calendarId: businessHoursCalendarId, breach: notifyOnly },
  { priority: 'P4', response: 'PT8H', resolution: 'PT40H', calendarId: businessHoursCalendarId, breach: notifyOnly },
  { priority: 'P5', response: 'PT16H', resolution: 'PT80H', calendarId: businessHoursCalendarId, breach: notifyOnly },
] as const;

/** The default policies (ids `default-p1` … `default-p5`), created at `at`. */
export function defaultPolicies(at: string): SlaPolicy[] {
  return seeds.map((s) => ({
    id: `default-${s.priority.toLowerCase()}`,
    name: `${s.priority} default`,
    active: true,
    match: { priority: s.priority },
    responseTarget: s.response,
    resolutionTarget: s.resolution,
    calendarId: s.calendarId,
    warningPercent: 75,
    pauseOn: ['awaiting_caller'],
    escalations: { warning: ['notify_assignee'], breach: [...s.breach] },
    createdAt: at,
    updatedAt: at,
    version: 1,
  }));
}
