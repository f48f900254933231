/**
 * The change calendar as iCalendar (RFC 5545), written by ical-generator: one VEVENT per change (UID `<id>@nimbus`,
 * SUMMARY `CHG0001001 title`, URL to the console, STATUS TENTATIVE while awaiting authorisation, else CONFIRMED,
 * SEQUENCE = the change's version so clients replace older copies) and one per blackout window (UID
 * `blackout-<id>@nimbus`, its RRULE when it recurs). Times are UTC.
 */
import ical, { ICalCalendarMethod, ICalEventStatus, ICalEventTransparency } from 'ical-generator';
import type { Change } from '../changes/change';
import type { BlackoutWindow } from './blackout';
import type { CalendarContent } from './calendar';

export const calendarName = 'Nimbus change calendar';

export interface IcsOptions {
  /** The console's base URL; a change's URL is `<portalUrl>/changes/<number>`. */
  readonly portalUrl: string;
  /** DTSTAMP of every event: when this calendar was produced. */
  readonly now: string;
}

export function changeUid(change: Pick<Change, 'id'>): string {
  return `${change.id}@nimbus`;
}

export function blackoutUid(window: Pick<BlackoutWindow, 'id'>): string {
  return `blackout-${window.id}@nimbus`;
}

export function changeUrl(portalUrl: string, number: string): string {
  return `${portalUrl.replace(/\/+$/, '')}/changes/${encodeURIComponent(number)}`;
}

function names(items: readonly { readonly name: string }[]): string {
  return items.length ? items.map((i) => i.name).join(', ') : '—';
}

function changeDescription(change: Change, url: string): string {
  const lines = [
    `${change.type} change, ${change.status}${change.risk ? `, risk ${change.risk.level}` : ''}`,
    `Services: ${names(change.services)}`,
    `CIs: ${names(change.cis)}`,
  ];
  if (change.implementer) lines.push(`Implementer: ${change.implementer.name ?? change.implementer.username}`);
  const overlaps = change.conflicts?.overlaps ?? [];
  if (overlaps.length) lines.push(`Overlaps: ${overlaps.map((o) => o.number).join(', ')}`);
  if (change.blackoutOverride) lines.push(`Blackout override: ${change.blackoutOverride.reason}`);
  lines.push('', change.description, '', url);
  return lines.join('\n');
}

/** The calendar of `content` as an iCalendar document (CRLF line endings, folded lines). */
export function calendarIcs(content: Pick<CalendarContent, 'changes' | 'windows'>, options: IcsOptions): string {
  const calendar = ical({
    name: calendarName,
    prodId: { company: 'Nimbus', product: 'Change calendar', language: 'EN' },
    method: ICalCalendarMethod.PUBLISH,
    ttl: 60 * 60,
  });
  for (const change of content.changes) {
    if (!change.plannedStart || !change.plannedEnd) continue;
    const url = changeUrl(options.portalUrl, change.number);
    calendar.createEvent({
      id: changeUid(change),
      stamp: new Date(options.now),
      start: new Date(change.plannedStart),
      end: new Date(change.plannedEnd),
      summary: `${change.number} ${change.title}`,
      description: changeDescription(change, url),
      url,
      status: change.status === 'authorize' ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED,
      sequence: change.version,
      lastModified: new Date(change.updatedAt),
      categories: [{ name: 'Change' }, { name: change.type }],
    });
  }
  for (const window of content.windows) {
    calendar.createEvent({
      id: blackoutUid(window),
      stamp: new Date(options.now),
      start: new Date(window.start),
      end: new Date(window.end),
      summary: `Blackout: ${window.name}`,
      description: `${window.reason}\nServices: ${window.services.length ? names(window.services) : 'all'}`,
      ...(window.recurrence ? { repeating: window.recurrence } : {}),
      status: ICalEventStatus.CONFIRMED,
      transparency: ICalEventTransparency.OPAQUE,
      sequence: window.version,
      lastModified: new Date(window.updatedAt),
      categories: [{ name: 'Blackout' }],
    });
  }
  return calendar.toString();
}
