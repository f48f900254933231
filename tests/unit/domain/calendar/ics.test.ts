import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { blackoutUid, calendarIcs, changeUid } from '../../../../functions/domain/calendar/ics';
import { blackout, change, service } from './fixtures';

const now = '2026-04-20T09:00:00.000Z';
const portalUrl = 'https://desk.example.com/';

function parse(ics: string) {
  const component = new ICAL.Component(ICAL.parse(ics));
  return { component, events: component.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v)) };
}

describe('the change calendar as iCalendar', () => {
  const scheduled = change({ title: 'Upgrade mail relay', services: [service('E-mail', 'email')] });
  const pending = change({
    status: 'authorize',
    title: 'Rotate certificates; then, reload',
    plannedStart: '2026-05-03T08:00:00.000Z',
    plannedEnd: '2026-05-03T09:30:00.000Z',
  });
  const freeze = blackout({
    name: 'Month-end close',
    start: '2026-04-24T22:00:00.000Z',
    end: '2026-04-25T06:00:00.000Z',
    recurrence: 'FREQ=MONTHLY;BYDAY=-1FR',
  });
  const ics = calendarIcs({ changes: [scheduled, pending], windows: [freeze] }, { portalUrl, now });

  it('is a VCALENDAR a real parser reads, with CRLF line endings', () => {
    const { component } = parse(ics);
    expect(component.name).toBe('vcalendar');
    expect(component.getFirstPropertyValue('version')).toBe('2.0');
    expect(component.getFirstPropertyValue('prodid')).toContain('Nimbus');
    expect(ics.split('\r\n').length).toBeGreaterThan(20);
    expect(ics.replaceAll('\r\n', '')).not.toContain('\n');
  });

  it('has one VEVENT per change with UID, times, summary, URL, status and sequence', () => {
    const { events } = parse(ics);
    const event = events.find((e) => e.uid === changeUid(scheduled));
    expect(event).toBeDefined();
    expect(event?.summary).toBe(`${scheduled.number} Upgrade mail relay`);
    expect(event?.startDate.toJSDate().toISOString()).toBe(scheduled.plannedStart);
    expect(event?.endDate.toJSDate().toISOString()).toBe(scheduled.plannedEnd);
    expect(event?.startDate.zone?.tzid).toBe('UTC');
    expect(event?.component.getFirstPropertyValue('url')).toBe(`https://desk.example.com/changes/${scheduled.number}`);
    expect(event?.component.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(event?.sequence).toBe(scheduled.version);
    expect(event?.description).toContain('Services: E-mail');
    const stamp = event?.component.getFirstPropertyValue('dtstamp') as ICAL.Time;
    expect(stamp.toJSDate().toISOString()).toBe(now);
  });

  it('marks a change awaiting authorisation TENTATIVE and escapes its text', () => {
    const event = parse(ics).events.find((e) => e.uid === changeUid(pending));
    expect(event?.component.getFirstPropertyValue('status')).toBe('TENTATIVE');
    expect(event?.summary).toBe(`${pending.number} Rotate certificates; then, reload`);
    expect(ics).toContain('Rotate certificates\\; then\\, reload');
  });

  it('has one VEVENT per blackout window with its RRULE, which ical.js expands', () => {
    const event = parse(ics).events.find((e) => e.uid === blackoutUid(freeze));
    expect(event?.summary).toBe('Blackout: Month-end close');
    expect(event?.isRecurring()).toBe(true);
    expect(event?.component.getFirstPropertyValue('rrule')?.toString()).toBe('FREQ=MONTHLY;BYDAY=-1FR');
    const iterator = event?.iterator();
    const starts = [iterator?.next(), iterator?.next(), iterator?.next()].map((t) => t?.toJSDate().toISOString());
    expect(starts).toEqual(['2026-04-24T22:00:00.000Z', '2026-05-29T22:00:00.000Z', '2026-06-26T22:00:00.000Z']);
    expect(event?.duration.toSeconds()).toBe(8 * 3600);
  });

  it('leaves out a change without a planned window', () => {
    const out = calendarIcs(
      { changes: [change({ plannedStart: undefined, plannedEnd: undefined })], windows: [] },
      { portalUrl, now },
    );
    expect(parse(out).events).toEqual([]);
  });
});
