/**
 * EventBridge Scheduler expressions, pure: `at(…)` for one-time schedules and `cron(…)` for recurring ones, with the
 * next-firing maths the local scheduler runs on its (scaled) clock. No AWS imports.
 */

/**
 * `at(yyyy-mm-ddThh:mm:ss)`: Scheduler's one-time expression takes local date-time without zone or fraction (the zone
 * is `ScheduleExpressionTimezone`, UTC for ours). Seconds are truncated: a schedule fires at a whole second.
 */
export function atExpression(instant: string | Date): string {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(date.getTime())) throw new Error(`Not an instant: ${String(instant)}`);
  return `at(${date.toISOString().slice(0, 19)})`;
}

const atPattern = /^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$/;

/** The UTC instant of an `at(…)` expression (zone UTC), or undefined when it is not one. */
export function parseAt(expression: string): Date | undefined {
  const match = atPattern.exec(expression.trim());
  if (!match) return undefined;
  const date = new Date(`${match[1]}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export class CronExpressionError extends Error {
  constructor(expression: string, problem: string) {
    super(`Cron expression ${expression}: ${problem}`);
    this.name = 'CronExpressionError';
  }
}

/** A parsed `cron(…)`: the allowed values of each field (day fields undefined for `?`). */
export interface Cron {
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  /** undefined = `?` (no restriction from this field). */
  readonly daysOfMonth?: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  /** 1 = Sunday … 7 = Saturday, as in EventBridge. undefined = `?`. */
  readonly daysOfWeek?: ReadonlySet<number>;
  readonly years: ReadonlySet<number> | 'any';
}

const monthNames = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const dayNames = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  readonly question?: boolean;
}

const fields: readonly FieldSpec[] = [
  { name: 'minutes', min: 0, max: 59 },
  { name: 'hours', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31, question: true },
  { name: 'month', min: 1, max: 12, names: monthNames },
  { name: 'day-of-week', min: 1, max: 7, names: dayNames, question: true },
  { name: 'year', min: 1970, max: 2199 },
];

function parseField(expression: string, text: string, spec: FieldSpec): Set<number> | undefined {
  if (text === '?') {
    if (!spec.question) throw new CronExpressionError(expression, `? is allowed in day fields only, not ${spec.name}`);
    return undefined;
  }
  const special = spec.name === 'day-of-month' ? /[LW]/ : spec.name === 'day-of-week' ? /#|\dL|^L$/ : undefined;
  if (special?.test(text.toUpperCase()))
    throw new CronExpressionError(expression, `L, W and # (in ${spec.name}) are not supported by Nimbus schedules`);
  const value = (token: string): number => {
    const index = spec.names?.indexOf(token.toUpperCase()) ?? -1;
    const number = index >= 0 ? index + spec.min : Number(token);
    if (!/^\d+$/.test(token) && index < 0) throw new CronExpressionError(expression, `${spec.name}: "${token}"`);
    if (number < spec.min || number > spec.max)
      throw new CronExpressionError(expression, `${spec.name} must be ${spec.min}–${spec.max}, not ${token}`);
    return number;
  };
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new CronExpressionError(expression, `${spec.name}: step "${part}"`);
    let from: number;
    let to: number;
    if (range === '*') [from, to] = [spec.min, spec.max];
    else if (range?.includes('-')) {
      const [a, b] = range.split('-');
      [from, to] = [value(a ?? ''), value(b ?? '')];
      if (from > to) throw new CronExpressionError(expression, `${spec.name}: range "${range}"`);
    } else {
      from = value(range ?? '');
      to = stepText === undefined ? from : spec.max;
    }
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return out;
}

/** Parses `cron(m h dom mon dow year)` as EventBridge reads it (one of dom/dow must be `?`). */
export function parseCron(expression: string): Cron {
  const match = /^cron\((.*)\)$/.exec(expression.trim());
  if (!match) throw new CronExpressionError(expression, 'must look like cron(minutes hours dom month dow year)');
  const parts = (match[1] ?? '').trim().split(/\s+/);
  if (parts.length !== 6) throw new CronExpressionError(expression, `has ${parts.length} fields, not 6`);
  const [minutes, hours, dom, months, dow, years] = parts.map((text, i) =>
    parseField(expression, text, fields[i] as FieldSpec),
  );
  if ((dom === undefined) === (dow === undefined))
    throw new CronExpressionError(expression, 'exactly one of day-of-month and day-of-week must be ?');
  return {
    minutes: minutes as Set<number>,
    hours: hours as Set<number>,
    daysOfMonth: dom,
    months: months as Set<number>,
    daysOfWeek: dow,
    years: parts[5] === '*' ? 'any' : (years as Set<number>),
  };
}

/** Minutes east of UTC of `zone` at `instant` (Intl; UTC when the zone is UTC). */
function offsetMinutes(zone: string, instant: number): number {
  if (zone === 'UTC' || zone === 'Etc/UTC') return 0;
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((wall - Math.floor(instant / 1000) * 1000) / 60_000);
}

/** The instant a wall-clock time (given as a UTC-based ms value) has in `zone`. */
function wallToInstant(zone: string, wall: number): number {
  const first = wall - offsetMinutes(zone, wall) * 60_000;
  return wall - offsetMinutes(zone, first) * 60_000;
}

/** How far ahead `nextCronFire` looks (a year field may name a far year). */
const searchDays = 366 * 8;

/**
 * The first instant strictly after `after` at which `cron` fires in `zone`, or undefined when it never fires again.
 * Day-of-month and day-of-week restrict together (one of them is `?`).
 */
export function nextCronFire(cron: Cron | string, after: Date, zone = 'UTC'): Date | undefined {
  const spec = typeof cron === 'string' ? parseCron(cron) : cron;
  const start = after.getTime() + offsetMinutes(zone, after.getTime()) * 60_000; // `after` on the zone's wall clock
  const firstDay = Date.UTC(
    new Date(start).getUTCFullYear(),
    new Date(start).getUTCMonth(),
    new Date(start).getUTCDate(),
  );
  const hours = [...spec.hours].sort((a, b) => a - b);
  const minutes = [...spec.minutes].sort((a, b) => a - b);
  for (let day = 0; day < searchDays; day++) {
    const date = new Date(firstDay + day * 86_400_000);
    const year = date.getUTCFullYear();
    if (spec.years !== 'any' && !spec.years.has(year)) continue;
    if (!spec.months.has(date.getUTCMonth() + 1)) continue;
    if (spec.daysOfMonth && !spec.daysOfMonth.has(date.getUTCDate())) continue;
    if (spec.daysOfWeek && !spec.daysOfWeek.has(date.getUTCDay() + 1)) continue;
    for (const hour of hours)
      for (const minute of minutes) {
        const instant = wallToInstant(zone, date.getTime() + hour * 3_600_000 + minute * 60_000);
        if (instant > after.getTime()) return new Date(instant);
      }
  }
  return undefined;
}

/** ISO 8601 week of an instant (UTC): `2026-W50`. One CAB agenda per week is keyed by it. */
export function isoWeek(instant: Date | string): string {
  const date = new Date(typeof instant === 'string' ? Date.parse(instant) : instant.getTime());
  const day = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const thursday = new Date(day - weekday * 86_400_000 + 3 * 86_400_000);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}
