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

/** Rule parts accepted (RFC 5545 §3.3.10, without BYSECOND: blackouts are planned to the minute). */
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
  const until = parts.get('UNTIL');
  if (until !== undefined && !untilPattern.test(until)) {
    return recurrenceError('UNTIL must be a UTC date-time (20261231T235959Z) or a date (20261231)');
  }
  return parts;
}

function utcTime(iso: string): ICAL.Time {
  return ICAL.Time.fromJSDate(new Date(iso), true);
}

/** Whether ical.js's occurrence really matches BYMONTH / BYMONTHDAY (it rolls impossible dates like 30 Feb over). */
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
const firstOccurrenceSteps = 1_000;

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
 * at `to`, after `maxRecurrenceSteps` steps or `maxOccurrencesPerRange` occurrences.
 */
export function occurrencesBetween(
  window: { readonly start: string; readonly end: string; readonly recurrence?: string },
  from: string,
  to: string,
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
  const iterator = recur.iterator(utcTime(window.start));
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
