/**
 * The weekly CAB agenda, pure: which week a firing belongs to, the window it covers, and what the mail shows of the
 * changes awaiting authorisation and of the coming week's calendar. No AWS imports.
 */
import { isoWeek } from '../../schedules/expressions';
import type { Change } from './change';

/** The Nimbus group whose members get the agenda. */
export const cabGroupId = 'cab';

/** The calendar part of the agenda covers this many days from the firing. */
export const agendaDays = 7;

const dayMs = 86_400_000;

export interface AgendaWindow {
  /** ISO week of the firing (`2026-W50`): one agenda per member per week. */
  readonly week: string;
  readonly from: string;
  readonly to: string;
}

export function agendaWindow(firedAt: string): AgendaWindow {
  const from = new Date(Date.parse(firedAt));
  if (Number.isNaN(from.getTime())) throw new Error(`Not an instant: ${firedAt}`);
  return {
    week: isoWeek(from),
    from: from.toISOString(),
    to: new Date(from.getTime() + agendaDays * dayMs).toISOString(),
  };
}

/** `2026-12-07 14:30 UTC`. */
function mailTime(iso: string | undefined): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : 'not planned yet';
}

function windowText(change: Change): string {
  if (!change.plannedStart) return 'not planned yet';
  return `${mailTime(change.plannedStart)} – ${mailTime(change.plannedEnd)}`;
}

export interface AgendaItem {
  readonly number: string;
  readonly title: string;
  readonly type: string;
  readonly status: string;
  readonly riskLevel: string;
  readonly window: string;
  readonly services: string;
  readonly url: string;
}

export interface AgendaView {
  readonly week: string;
  /** `2026-12-07` (the day the agenda fired). */
  readonly weekOf: string;
  readonly from: string;
  readonly to: string;
  readonly awaiting: readonly AgendaItem[];
  readonly awaitingCount: number;
  readonly hasAwaiting: boolean;
  readonly coming: readonly AgendaItem[];
  readonly comingCount: number;
  readonly hasComing: boolean;
  readonly approvalsUrl: string;
}

/**
 * The mail's view: changes in `authorize` (oldest planned start first, unplanned last) and the changes whose window
 * overlaps the coming week (by planned start). `changeUrl` says where the console shows a change.
 */
export function agendaView(
  window: AgendaWindow,
  awaiting: readonly Change[],
  coming: readonly Change[],
  links: { readonly changeUrl: (number: string) => string; readonly approvalsUrl: string },
): AgendaView {
  const item = (change: Change): AgendaItem => ({
    number: change.number,
    title: change.title,
    type: change.type,
    status: change.status,
    riskLevel: change.risk?.level ?? 'not assessed',
    window: windowText(change),
    services: change.services.map((s) => s.name).join(', '),
    url: links.changeUrl(change.number),
  });
  const byStart = (a: Change, b: Change) =>
    (a.plannedStart ?? '9999').localeCompare(b.plannedStart ?? '9999') || a.number.localeCompare(b.number);
  return {
    week: window.week,
    weekOf: window.from.slice(0, 10),
    from: mailTime(window.from),
    to: mailTime(window.to),
    awaiting: [...awaiting].sort(byStart).map(item),
    awaitingCount: awaiting.length,
    hasAwaiting: awaiting.length > 0,
    coming: [...coming].sort(byStart).map(item),
    comingCount: coming.length,
    hasComing: coming.length > 0,
    approvalsUrl: links.approvalsUrl,
  };
}
