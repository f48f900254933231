import { describe, expect, it } from 'vitest';
import {
  answerSlug,
  cisText,
  isoToLocalInput,
  localInputToIso,
  parseCis,
  plusMinutes,
  recurrenceProblem,
} from '../../../web/src/lib/change-form';

describe('the change forms’ values', () => {
  it('round-trips a local date-time input through an ISO instant', () => {
    const iso = localInputToIso('2026-12-12T22:30');
    expect(iso).toBe(new Date(2026, 11, 12, 22, 30).toISOString());
    expect(isoToLocalInput(iso)).toBe('2026-12-12T22:30');
    expect(localInputToIso('')).toBeUndefined();
    expect(localInputToIso('not a date')).toBeUndefined();
    expect(isoToLocalInput(undefined)).toBe('');
  });

  it('ends a template’s window its default duration after the start', () => {
    expect(plusMinutes('2026-12-12T22:00:00.000Z', 90)).toBe('2026-12-12T23:30:00.000Z');
  });

  it('reads free-text CIs one per line or comma-separated, without blanks or repeats', () => {
    expect(parseCis('db-01\n\n app-02 , db-01\n')).toEqual([{ name: 'db-01' }, { name: 'app-02' }]);
    expect(cisText([{ name: 'a' }, { name: 'b' }])).toBe('a\nb');
  });

  it('checks a recurrence rule’s shape before the API validates it', () => {
    expect(recurrenceProblem('')).toBeUndefined();
    expect(recurrenceProblem('FREQ=MONTHLY;BYDAY=-1FR')).toBeUndefined();
    expect(recurrenceProblem('RRULE:FREQ=WEEKLY;BYDAY=SA,SU')).toBeUndefined();
    expect(recurrenceProblem('BYDAY=MO')).toMatch(/FREQ/);
    expect(recurrenceProblem('FREQ=WEEKLY;BYDAY')).toMatch(/KEY=VALUE/);
  });
});

describe('risk answer ids', () => {
  it('slugs the answer text, unique within the question', () => {
    expect(answerSlug('Under 1 hour', new Set())).toBe('under-1-hour');
    expect(answerSlug('Élevé !', new Set())).toBe('eleve');
    expect(answerSlug('Yes', new Set(['yes']))).toBe('yes-2');
    expect(answerSlug('Yes', new Set(['yes', 'yes-2']))).toBe('yes-3');
    expect(answerSlug('?', new Set())).toBe('answer');
    expect(answerSlug('x', new Set())).toBe('answer-x');
    expect(answerSlug('a'.repeat(80), new Set())).toHaveLength(55);
  });
});
