import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../../functions/domain/shared/errors';
import { parseWith } from '../../../../functions/domain/shared/validation';
import { createCalendarSchema } from '../../../../functions/domain/sla/calendar-commands';
import { defaultPolicies } from '../../../../functions/domain/sla/defaults';
import { createPolicySchema, updatePolicySchema } from '../../../../functions/domain/sla/policy-commands';
import { targetSeconds } from '../../../../functions/domain/sla/target-duration';

const noHours = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
const calendar = (extra: Record<string, unknown> = {}) => ({
  name: 'Desk',
  timeZone: 'Europe/Berlin',
  hours: {
    ...noHours,
    mon: [
      { start: '08:00', end: '12:00' },
      { start: '13:00', end: '17:00' },
    ],
  },
  holidays: [{ date: '2026-12-25', name: 'Christmas', yearly: true }],
  ...extra,
});
const policy = (extra: Record<string, unknown> = {}) => ({
  name: 'P3 email',
  match: { priority: 'P3', service: 'email' },
  responseTarget: 'PT4H',
  resolutionTarget: 'P1DT2H',
  calendarId: 'business-hours',
  ...extra,
});

/** The paths the 422 names for `input`. */
function refusedPaths(schema: Parameters<typeof parseWith>[0], input: unknown): string[] {
  try {
    parseWith(schema, input);
  } catch (error) {
    if (error instanceof ValidationError) return error.errors.map((e) => e.path);
    throw error;
  }
  return [];
}

describe('ISO 8601 targets', () => {
  it.each([
    ['PT15M', 900],
    ['PT4H', 14_400],
    ['P2D', 172_800],
    ['P1DT2H30M5S', 95_405],
    ['P1W', 604_800],
  ])('%s is %i business seconds', (text, seconds) => {
    expect(targetSeconds(text)).toBe(seconds);
  });

  it.each(['', 'P', 'PT', '15M', 'PT0S', 'P1M', 'P1Y', 'PT1.5H', 'pt1h', 'P1DT'])('refuses %j', (text) => {
    expect(targetSeconds(text)).toBeUndefined();
  });
});

describe('calendar input', () => {
  it('accepts split shifts, 24:00 and holidays', () => {
    expect(refusedPaths(createCalendarSchema, calendar())).toEqual([]);
    expect(
      refusedPaths(createCalendarSchema, calendar({ hours: { ...noHours, sun: [{ start: '00:00', end: '24:00' }] } })),
    ).toEqual([]);
  });

  it.each([
    ['an unknown zone', { timeZone: 'Mars/Olympus' }, 'timeZone'],
    ['a missing day', { hours: { mon: [] } }, 'hours.tue'],
    ['a bad time', { hours: { ...noHours, mon: [{ start: '9:00', end: '17:00' }] } }, 'hours.mon.0.start'],
    ['an empty segment', { hours: { ...noHours, tue: [{ start: '10:00', end: '10:00' }] } }, 'hours.tue.0.end'],
    [
      'overlapping segments',
      {
        hours: {
          ...noHours,
          wed: [
            { start: '08:00', end: '12:00' },
            { start: '11:00', end: '13:00' },
          ],
        },
      },
      'hours.wed.1.start',
    ],
    ['an impossible holiday', { holidays: [{ date: '2026-02-30', name: 'x', yearly: false }] }, 'holidays.0.date'],
  ])('refuses %s, naming the field', (_, extra, path) => {
    expect(refusedPaths(createCalendarSchema, calendar(extra))).toContain(path);
  });
});

describe('policy input', () => {
  it('fills the defaults: active, warning at 75 %, no pause reasons, no escalations', () => {
    expect(parseWith(createPolicySchema, policy())).toMatchObject({
      active: true,
      warningPercent: 75,
      pauseOn: [],
      escalations: { warning: [], breach: [] },
    });
  });

  it.each([
    ['an unknown priority', { match: { priority: 'P9' } }, 'match.priority'],
    ['a bad target', { responseTarget: '4 hours' }, 'responseTarget'],
    ['a zero target', { resolutionTarget: 'PT0M' }, 'resolutionTarget'],
    ['a warning of 100 %', { warningPercent: 100 }, 'warningPercent'],
    ['a warning of 0 %', { warningPercent: 0 }, 'warningPercent'],
    ['an unknown hold reason', { pauseOn: ['lunch'] }, 'pauseOn.0'],
    ['an unknown action', { escalations: { warning: ['page_ceo'], breach: [] } }, 'escalations.warning.0'],
    ['a repeated action', { escalations: { breach: ['notify_assignee', 'notify_assignee'] } }, 'escalations.breach'],
    ['a bad calendar id', { calendarId: 'Not A Calendar!' }, 'calendarId'],
    ['an unknown field', { colour: 'red' }, 'colour'],
  ])('refuses %s, naming the field', (_, extra, path) => {
    expect(refusedPaths(createPolicySchema, policy(extra))).toContain(path);
  });

  it('takes partial changes', () => {
    expect(refusedPaths(updatePolicySchema, { active: false })).toEqual([]);
    expect(refusedPaths(updatePolicySchema, { warningPercent: 120 })).toEqual(['warningPercent']);
  });
});

describe('the seeded defaults', () => {
  it('are valid policies for P1–P5 that pause on awaiting_caller and escalate P1/P2 to the escalation group', () => {
    const policies = defaultPolicies('2026-01-01T00:00:00.000Z');
    expect(policies.map((p) => p.match.priority)).toEqual(['P1', 'P2', 'P3', 'P4', 'P5']);
    for (const p of policies) {
      const { id, createdAt, updatedAt, version, ...input } = p;
      expect(refusedPaths(createPolicySchema, input), id).toEqual([]);
      expect(p.pauseOn).toEqual(['awaiting_caller']);
      expect(p.escalations.warning).toEqual(['notify_assignee']);
      expect(p.escalations.breach.includes('reassign_escalation_group')).toBe(['P1', 'P2'].includes(p.match.priority));
    }
    expect(policies.map((p) => [p.responseTarget, p.resolutionTarget, p.calendarId])).toEqual([
      ['PT15M', 'PT4H', '24x7'],
      ['PT30M', 'PT8H', '24x7'],
      ['PT4H', 'PT24H', 'business-hours'],
      ['PT8H', 'PT40H', 'business-hours'],
      ['PT16H', 'PT80H', 'business-hours'],
    ]);
  });
});
