/**
 * Bench rows of the sla practice: calendars and SLA policies. The defaults are seeded by the first request of the
 * process (outside the measured rows: a warm container has done it), so each row counts its own calls only.
 */
import type { OperationSpec } from './measure';
import type { Send } from './routing';

const noHours = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };

export async function slaSpecs(send: Send): Promise<OperationSpec[]> {
  await send('bob', 'GET', '/sla-policies', 200);
  const calendars: string[] = [];
  const policies: string[] = [];
  const row = (name: string, operation: string, budget: number, request: (i: number) => Promise<unknown>) => ({
    name,
    operation,
    budget,
    request: async (i: number) => void (await request(i)),
  });
  const idOf = (reply: unknown) => (reply as { body: { id: string } }).body.id;
  return [
    row('createCalendar', 'createCalendar', 1, async (i) => {
      const reply = await send('erin', 'POST', '/calendars', 201, {
        body: {
          name: `Bench ${i}`,
          timeZone: 'Europe/Paris',
          hours: { ...noHours, mon: [{ start: '09:00', end: '17:00' }] },
        },
      });
      calendars[i] = idOf(reply);
    }),
    row('getCalendar', 'getCalendar', 1, (i) => send('bob', 'GET', `/calendars/${calendars[i]}`, 200)),
    row('listCalendars', 'listCalendars', 1, () => send('bob', 'GET', '/calendars', 200)),
    row('updateCalendar', 'updateCalendar', 2, (i) =>
      send('erin', 'PATCH', `/calendars/${calendars[i]}`, 200, {
        body: { name: `Bench ${i}b` },
        headers: { 'if-match': '"1"' },
      }),
    ),
    row('getCalendarHistory', 'getCalendarHistory', 1, (i) =>
      send('erin', 'GET', `/calendars/${calendars[i]}/history`, 200),
    ),
    row('previewCalendarDue', 'previewCalendarDue', 1, () =>
      send('bob', 'GET', '/calendars/business-hours/due?start=2026-03-06T16:00:00Z&duration=PT2H', 200),
    ),
    row('previewCalendarElapsed', 'previewCalendarElapsed', 1, () =>
      send('bob', 'GET', '/calendars/business-hours/elapsed?from=2026-03-06T16:00:00Z&to=2026-03-09T10:00:00Z', 200),
    ),
    row('createSlaPolicy', 'createSlaPolicy', 1, async (i) => {
      const reply = await send('erin', 'POST', '/sla-policies', 201, {
        body: {
          name: `Bench ${i}`,
          match: { priority: 'P3' },
          responseTarget: 'PT1H',
          resolutionTarget: 'PT8H',
          calendarId: calendars[i],
        },
      });
      policies[i] = idOf(reply);
    }),
    row('getSlaPolicy', 'getSlaPolicy', 1, (i) => send('bob', 'GET', `/sla-policies/${policies[i]}`, 200)),
    row('listSlaPolicies', 'listSlaPolicies', 1, () => send('bob', 'GET', '/sla-policies', 200)),
    row('updateSlaPolicy', 'updateSlaPolicy', 2, (i) =>
      send('erin', 'PATCH', `/sla-policies/${policies[i]}`, 200, {
        body: { active: false },
        headers: { 'if-match': '"1"' },
      }),
    ),
    row('getSlaPolicyHistory', 'getSlaPolicyHistory', 1, (i) =>
      send('erin', 'GET', `/sla-policies/${policies[i]}/history`, 200),
    ),
  ];
}
