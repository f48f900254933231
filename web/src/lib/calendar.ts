/**
 * The change calendar's arithmetic, without a calendar library: a week (Monday to Sunday) or a month in the viewer's
 * own time zone, the previous and next period, the days of a period, and which entries (changes, blackout
 * occurrences) touch each day. Dates are the browser's local days; the API gets and returns UTC instants.
 */

export type CalendarView = 'week' | 'month';

export interface Period {
  /** Local midnight of the first day (inclusive). */
  readonly from: Date;
  /** Local midnight after the last day (exclusive). */
  readonly to: Date;
}

export interface Timed {
  readonly start: string;
  readonly end: string;
}

const startOfDay = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate());

/** The week (from Monday) or the month containing `anchor`. */
export function periodOf(view: CalendarView, anchor: Date): Period {
  if (view === 'month') {
    return {
      from: new Date(anchor.getFullYear(), anchor.getMonth(), 1),
      to: new Date(anchor.getFullYear(), anchor.getMonth() + 1, 1),
    };
  }
  const day = startOfDay(anchor);
  const sinceMonday = (day.getDay() + 6) % 7;
  const from = new Date(day.getFullYear(), day.getMonth(), day.getDate() - sinceMonday);
  return { from, to: new Date(from.getFullYear(), from.getMonth(), from.getDate() + 7) };
}

/** The anchor of the period `steps` periods after (or, negative, before) the one containing `anchor`. */
export function shiftPeriod(view: CalendarView, anchor: Date, steps: number): Date {
  const { from } = periodOf(view, anchor);
  return view === 'month'
    ? new Date(from.getFullYear(), from.getMonth() + steps, 1)
    : new Date(from.getFullYear(), from.getMonth(), from.getDate() + 7 * steps);
}

/** The local days of a period, each as its local midnight. */
export function daysOf(period: Period): Date[] {
  const days: Date[] = [];
  for (let d = period.from; d < period.to; d = new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1)) days.push(d);
  return days;
}

/** `2026-12-07`: a local day as the `YYYY-MM-DD` of the viewer's calendar (also the URL's `?date=`). */
export function dayKey(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The local midnight of a `YYYY-MM-DD`, or undefined when it is not one. */
export function parseDayKey(text: string | null | undefined): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text ?? '');
  if (!m) return undefined;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isNaN(d.getTime()) || dayKey(d) !== text ? undefined : d;
}

/** Whether [start, end) overlaps the local day starting at `day`. */
export function touchesDay(entry: Timed, day: Date): boolean {
  const next = new Date(day.getFullYear(), day.getMonth(), day.getDate() + 1);
  return Date.parse(entry.start) < next.getTime() && Date.parse(entry.end) > day.getTime();
}

/** The period's days that have at least one entry, each with its entries ordered by start. */
export function agenda<T extends Timed>(period: Period, entries: readonly T[]): { day: Date; entries: T[] }[] {
  const sorted = [...entries].sort((a, b) => a.start.localeCompare(b.start));
  return daysOf(period)
    .map((day) => ({ day, entries: sorted.filter((e) => touchesDay(e, day)) }))
    .filter((d) => d.entries.length > 0);
}

/** `7 – 13 Dec 2026` or `December 2026`: the period's title in the viewer's locale. */
export function periodTitle(view: CalendarView, period: Period, locale?: string): string {
  if (view === 'month') return new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric' }).format(period.from);
  const last = new Date(period.to.getFullYear(), period.to.getMonth(), period.to.getDate() - 1);
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric' }).formatRange(
    period.from,
    last,
  );
}
