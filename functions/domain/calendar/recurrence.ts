/**
 * Recurring blackout windows: an RFC 5545 RRULE value (`FREQ=MONTHLY;BYDAY=-1FR`) on a window whose `start` is the
 * first occurrence (DTSTART) and whose length (`end - start`) every occurrence has. Parsed and expanded with ical.js
 * (`ICAL.Recur`, `RecurIterator`) in UTC: start and end are instants, so an occurrence at 22:00Z stays at 22:00Z
 * across daylight-saving changes anywhere. ical.js is lenient (it drops unknown parts, coerces INTERVAL=0 to 1), so
 * the grammar is checked here first; expansion is bounded (`maxRecurrenceSteps`, `maxOccurrencesPerRange`).
 */
import ICAL from 'ical.js';
import type { FieldError } from '../shared/errors';

/** Frequencies a blackout may recur at: a window that repeats more often than daily is not a blackout. */
export const recurrenceFrequencies = ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'] as const;

/** Rule parts of RFC 5545 §3.3.10 (BYSECOND aside); which BY parts a rule may use is `byPartsOf`'s. */
const ruleParts = new Set([
  'FREQ',
  'INTERVAL',
  'COUNT',
  'UNTIL',
  'BYMINUTE',
  'BYHOUR',
  'BYDAY',
  'BYMONTHDAY',
  'BYYEARDAY',
  'BYWEEKNO',
  'BYMONTH',
  'BYSETPOS',
  'WKST',
]);

export const maxRecurrenceLength = 300;

/** Iterator steps one expansion may take (from the window's start): ≈ 137 years of a daily rule. */
export const maxRecurrenceSteps = 50_000;

/** Occurrences one expansion returns at most (a 92-day range of a daily rule is 92). */
export const maxOccurrencesPerRange = 1_000;

const partPattern = /^([A-Z]+)=([A-Z0-9,+-]+)$/;
const untilPattern = /^\d{8}(T\d{6}Z)?$/;
const positiveInt = /^[1-9]\d{0,5}$/;

export interface Occurrence {
  readonly start: string;
  readonly end: string;
}

function recurrenceError(message: string): FieldError {
  return { path: 'recurrence', message };
}

/** The rule's parts, or why its grammar is wrong (before ical.js sees it). */
function ruleGrammar(rule: string): Map<string, string> | FieldError {
  if (rule.length > maxRecurrenceLength) return recurrenceError(`At most ${maxRecurrenceLength} characters`);
  if (/^RRULE:/i.test(rule)) return recurrenceError('Send the rule value without the "RRULE:" prefix');
  const parts = new Map<string, string>();
  for (const part of rule.split(';')) {
    const match = partPattern.exec(part);
    if (!match) return recurrenceError(`"${part}" is not a NAME=VALUE rule part (upper case, e.g. FREQ=WEEKLY)`);
    const [, name, value] = match;
    if (!ruleParts.has(name)) return recurrenceError(`Unsupported rule part ${name}`);
    if (parts.has(name)) return recurrenceError(`${name} appears twice`);
    parts.set(name, value);
  }
  const freq = parts.get('FREQ');
  if (!freq) return recurrenceError('FREQ is required (DAILY, WEEKLY, MONTHLY or YEARLY)');
  if (!(recurrenceFrequencies as readonly string[]).includes(freq)) {
    return recurrenceError(`FREQ must be one of ${recurrenceFrequencies.join(', ')}`);
  }
  if (parts.has('COUNT') && parts.has('UNTIL')) return recurrenceError('Use COUNT or UNTIL, not both');
  for (const name of ['COUNT', 'INTERVAL'] as const) {
    const value = parts.get(name);
    if (value !== undefined && !positiveInt.test(value)) return recurrenceError(`${name} must be a positive integer`);
  }
  const interval = Number(parts.get('INTERVAL') ?? '1');
  const maxInterval = maxIntervalOf[freq];
  if (maxInterval !== undefined && interval > maxInterval) {
    return recurrenceError(`INTERVAL must be at most ${maxInterval} with FREQ=${freq}`);
  }
  const until = parts.get('UNTIL');
  if (until !== undefined && !untilPattern.test(until)) {
    return recurrenceError('UNTIL must be a UTC date-time (20261231T235959Z) or a date (20261231)');
  }
  return byPartError(parts, freq) ?? parts;
}

/**
 * The longest INTERVAL per frequency. ical.js's DAILY and WEEKLY iterators step until BYDAY / BYMONTH match, with no
 * bound of their own (MONTHLY and YEARLY give up after a cycle): an interval of a whole 400-year Gregorian cycle
 * (146 097 days) never leaves its month, and would spin forever. Up to a year, every month comes round.
 */
const maxIntervalOf: Readonly<Record<string, number>> = { DAILY: 365, WEEKLY: 52 };

const weekdayCodes = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;

/**
 * A DAILY rule stepping whole weeks lands on start's weekday every time; ical.js would step forever looking for any
 * other BYDAY weekday, so BYDAY must name start's.
 */
function weekStepError(parts: Map<string, string>, start: string): FieldError | undefined {
  const byDay = parts.get('BYDAY');
  const interval = Number(parts.get('INTERVAL') ?? '1');
  if (parts.get('FREQ') !== 'DAILY' || byDay === undefined || interval % 7 !== 0) return undefined;
  const weekday = weekdayCodes[new Date(start).getUTCDay()];
  if (byDay.split(',').includes(weekday)) return undefined;
  return recurrenceError(
    `With FREQ=DAILY and INTERVAL=${interval} (whole weeks) every occurrence falls on start's weekday: BYDAY must include ${weekday}`,
  );
}

/** The BY parts each frequency may carry (a subset of RFC 5545 that ical.js expands correctly, see `byPartError`). */
const byPartsOf: Readonly<Record<string, readonly string[]>> = {
  DAILY: ['BYDAY', 'BYMONTH'],
  WEEKLY: ['BYDAY', 'BYMONTH'],
  MONTHLY: ['BYDAY', 'BYMONTHDAY', 'BYMONTH'],
  YEARLY: ['BYDAY', 'BYMONTHDAY', 'BYMONTH'],
};

/** Longest each month can be (February: 29, so a 29 February rule is kept for leap years). */
const longestMonth = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const byDayPattern = /^([+-]?)([1-5])?(MO|TU|WE|TH|FR|SA|SU)$/;

function integers(value: string, name: string, min: number, max: number, signed: boolean): number[] | FieldError {
  const out: number[] = [];
  for (const item of value.split(',')) {
    const n = /^[+-]?\d{1,2}$/.test(item) ? Number(item) : Number.NaN;
    const size = Math.abs(n);
    if (!Number.isInteger(n) || size < min || size > max || (!signed && n < 0)) {
      return recurrenceError(`${name} values must be ${signed ? '±' : ''}${min}–${max}, not ${item}`);
    }
    out.push(n);
  }
  return out;
}

/**
 * The BY parts, limited to what blackouts need and ical.js expands correctly: its iterator loops forever or answers
 * wrongly on some combinations (an ordinal BYDAY in a DAILY rule, BYSETPOS over sets that are never that large, an
 * impossible date in a DAILY rule), and a request must never reach that. Allowed: BYDAY (plain weekdays; ordinals
 * ±1–5 in MONTHLY, or YEARLY with BYMONTH), BYMONTHDAY (MONTHLY, YEARLY; not with BYDAY), BYMONTH. Not offered:
 * BYSETPOS, BYWEEKNO, BYYEARDAY, BYHOUR, BYMINUTE (a blackout with several times a day is several windows).
 */
function byPartError(parts: Map<string, string>, freq: string): FieldError | undefined {
  const allowed = byPartsOf[freq] ?? [];
  for (const name of parts.keys()) {
    if (name.startsWith('BY') && !allowed.includes(name)) {
      return recurrenceError(`${name} is not supported with FREQ=${freq} (allowed: ${allowed.join(', ')})`);
    }
  }
  const months = parts.has('BYMONTH') ? integers(parts.get('BYMONTH') ?? '', 'BYMONTH', 1, 12, false) : undefined;
  if (months && !Array.isArray(months)) return months;
  const byDay = parts.get('BYDAY');
  if (byDay !== undefined) {
    if (parts.has('BYMONTHDAY')) return recurrenceError('Use BYDAY or BYMONTHDAY, not both');
    for (const item of byDay.split(',')) {
      const match = byDayPattern.exec(item);
      if (!match)
        return recurrenceError(`BYDAY value ${item} is not a weekday (MO…SU), optionally with an ordinal ±1–5`);
      if (match[2] === undefined) {
        if (match[1] !== '') return recurrenceError(`BYDAY value ${item} has a sign but no ordinal`);
        continue;
      }
      if (!(freq === 'MONTHLY' || (freq === 'YEARLY' && months))) {
        return recurrenceError(`BYDAY ordinals (${item}) need FREQ=MONTHLY, or FREQ=YEARLY with BYMONTH`);
      }
    }
  }
  const monthDay = parts.get('BYMONTHDAY');
  if (monthDay !== undefined) {
    const days = integers(monthDay, 'BYMONTHDAY', 1, 31, true);
    if (!Array.isArray(days)) return days;
    const inMonths = months ?? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
    for (const day of days) {
      if (!inMonths.some((m) => Math.abs(day) <= longestMonth[m - 1])) {
        return recurrenceError(`BYMONTHDAY ${day} never falls in BYMONTH ${inMonths.join(',')}`);
      }
    }
  }
  return undefined;
}

function utcTime(iso: string): ICAL.Time {
  return ICAL.Time.fromJSDate(new Date(iso), true);
}

/** Whether ical.js's occurrence really matches BYMONTH / BYMONTHDAY (it rolls impossible dates like 31 April over). */
function matchesDayParts(time: ICAL.Time, recur: ICAL.Recur): boolean {
  const months = recur.parts.BYMONTH as number[] | undefined;
  if (months && !months.includes(time.month)) return false;
  const days = recur.parts.BYMONTHDAY as number[] | undefined;
  if (days) {
    const inMonth = ICAL.Time.daysInMonth(time.month, time.year);
    if (!days.some((d) => (d > 0 ? d === time.day : inMonth + d + 1 === time.day))) return false;
  }
  return true;
}

/**
 * Checks `rule` against a window starting at `start` (an ISO instant): the grammar, ical.js's own checks (BYDAY
 * values, part combinations per FREQ), and that `start` is itself the rule's first occurrence (RFC 5545 leaves a
 * DTSTART that does not match its rule undefined; calendar clients disagree on it). Returns the field errors.
 */
export function recurrenceErrors(rule: string, start: string): FieldError[] {
  const grammar = ruleGrammar(rule);
  if (!(grammar instanceof Map)) return [grammar];
  const stall = weekStepError(grammar, start);
  if (stall) return [stall];
  let recur: ICAL.Recur;
  try {
    recur = ICAL.Recur.fromString(rule);
  } catch (error) {
    return [recurrenceError((error as Error).message)];
  }
  try {
    const first = firstOccurrence(recur, start);
    if (!first) return [recurrenceError('The rule has no occurrence at or after start')];
    if (first !== new Date(start).toISOString()) {
      return [
        {
          path: 'start',
          message: `start must be the rule's first occurrence (the rule's first one from start is ${first})`,
        },
      ];
    }
  } catch (error) {
    return [recurrenceError((error as Error).message)];
  }
  return [];
}

/** How far validation looks for a rule's first occurrence (ical.js yields rolled-over dates for impossible rules). */
const firstOccurrenceSteps = 400;

function firstOccurrence(recur: ICAL.Recur, start: string): string | undefined {
  const iterator = recur.iterator(utcTime(start));
  for (let step = 0; step < firstOccurrenceSteps; step++) {
    const next = iterator.next();
    if (!next) return undefined;
    if (matchesDayParts(next, recur)) return next.toJSDate().toISOString();
  }
  return undefined;
}

/**
 * The occurrences of a window that overlap [from, to) (half-open: an occurrence ending exactly at `from` does not),
 * in time order. Without a rule: the window itself when it overlaps. COUNT and UNTIL end the series; the walk stops
 * at `to`, after `maxRecurrenceSteps` steps or `maxOccurrencesPerRange` occurrences. DAILY and WEEKLY rules without
 * COUNT start walking near `from` (`fastForwardStart`), so an old series costs no more than a new one.
 */
export function occurrencesBetween(
  window: { readonly start: string; readonly end: string; readonly recurrence?: string },
  from: string,
  to: string,
  { fastForward = true }: { readonly fastForward?: boolean } = {},
): Occurrence[] {
  const startMs = Date.parse(window.start);
  const duration = Date.parse(window.end) - startMs;
  const fromMs = Date.parse(from);
  const toMs = Date.parse(to);
  const overlaps = (s: number) => s < toMs && s + duration > fromMs;
  const occurrence = (s: number): Occurrence => ({
    start: new Date(s).toISOString(),
    end: new Date(s + duration).toISOString(),
  });
  if (!window.recurrence) return overlaps(startMs) ? [occurrence(startMs)] : [];

  const recur = ICAL.Recur.fromString(window.recurrence);
  const first = fastForward ? fastForwardStart(recur, startMs, fromMs - duration) : startMs;
  const iterator = recur.iterator(utcTime(new Date(first).toISOString()));
  const found: Occurrence[] = [];
  for (let step = 0; step < maxRecurrenceSteps && found.length < maxOccurrencesPerRange; step++) {
    const next = iterator.next();
    if (!next) break;
    if (!matchesDayParts(next, recur)) continue;
    const s = next.toJSDate().getTime();
    if (s >= toMs) break;
    if (overlaps(s)) found.push(occurrence(s));
  }
  return found;
}

const dayMs = 86_400_000;

/**
 * Where to start walking a DAILY or WEEKLY rule without COUNT so that nothing before `notBefore` is walked step by
 * step: a whole number of the rule's periods (INTERVAL days or weeks) after `startMs`, itself an occurrence, one
 * period short of `notBefore`. UTC days and weeks are all alike, so the occurrences from there are the series'.
 */
function fastForwardStart(recur: ICAL.Recur, startMs: number, notBefore: number): number {
  if (recur.count) return startMs;
  const unit = recur.freq === 'DAILY' ? dayMs : recur.freq === 'WEEKLY' ? 7 * dayMs : 0;
  if (unit === 0) return startMs;
  const period = unit * (recur.interval || 1);
  const periods = Math.floor((notBefore - startMs) / period) - 1;
  return periods > 0 ? startMs + periods * period : startMs;
}

/** When the series ends (the last occurrence's end), or undefined when it never does. */
export function seriesEnd(window: {
  readonly start: string;
  readonly end: string;
  readonly recurrence?: string;
}): string | undefined {
  if (!window.recurrence) return window.end;
  const recur = ICAL.Recur.fromString(window.recurrence);
  if (!recur.count && !recur.until) return undefined;
  const duration = Date.parse(window.end) - Date.parse(window.start);
  const iterator = recur.iterator(utcTime(window.start));
  let last: number | undefined;
  for (let step = 0; step < maxRecurrenceSteps; step++) {
    const next = iterator.next();
    if (!next) break;
    if (matchesDayParts(next, recur)) last = next.toJSDate().getTime();
  }
  return last === undefined ? window.start : new Date(last + duration).toISOString();
}
