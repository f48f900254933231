import { describe, expect, it } from 'vitest';
import {
  ApiProblem,
  blackoutsOf,
  fieldErrors,
  fieldOf,
  type Problem,
  problemMessage,
} from '../../../web/src/lib/problem';

const validation = (errors: { path: string; message: string }[]): Problem => ({
  type: 'urn:nimbus:problem:validation-failed',
  title: 'Bad Request',
  status: 400,
  code: 'VALIDATION_FAILED',
  detail: 'The request is not valid',
  errors,
});

describe('problem+json for people', () => {
  it('names the field of each error path, whatever its spelling', () => {
    expect(fieldOf('title')).toBe('title');
    expect(fieldOf('body.impact')).toBe('impact');
    expect(fieldOf('/resolutionNotes')).toBe('resolutionNotes');
    expect(fieldOf('If-Match')).toBe('If-Match');
  });

  it('collects the messages by field, joining two about the same field', () => {
    const fields = fieldErrors(
      validation([
        { path: 'title', message: 'Too short' },
        { path: 'title', message: 'Required' },
        { path: 'urgency', message: 'Use 1, 2 or 3' },
      ]),
    );
    expect(fields).toEqual({ title: 'Too short; Required', urgency: 'Use 1, 2 or 3' });
    expect(fieldErrors(undefined)).toEqual({});
  });

  it('says what to correct for a validation problem', () => {
    expect(problemMessage(400, validation([{ path: 'title', message: 'Required' }]))).toBe(
      'Please correct the highlighted field: Required.',
    );
    expect(
      problemMessage(
        400,
        validation([
          { path: 'a', message: 'x' },
          { path: 'b', message: 'y' },
        ]),
      ),
    ).toBe('Please correct the 2 highlighted fields.');
  });

  it('explains a 412 and an invalid transition with its allowed moves', () => {
    const mismatch = { type: 't', title: 'Precondition Failed', status: 412, code: 'VERSION_MISMATCH' } as Problem;
    expect(problemMessage(412, mismatch)).toMatch(/Someone else changed this ticket/);
    const transition = {
      type: 't',
      title: 'Unprocessable Content',
      status: 422,
      code: 'INVALID_TRANSITION',
      from: 'closed',
      to: 'in_progress',
      allowed: ['resolved', 'on_hold'],
    } as Problem;
    expect(problemMessage(422, transition)).toBe(
      'A ticket that is Closed cannot move to In progress (possible: Resolved, On hold).',
    );
  });

  it('falls back on the status when there is no problem body', () => {
    expect(problemMessage(401, undefined)).toMatch(/sign in again/);
    expect(problemMessage(503, undefined)).toMatch(/on our side/);
    expect(problemMessage(409, { type: 't', title: 'Conflict', status: 409, code: 'X', detail: 'Taken' })).toBe(
      'Taken',
    );
  });

  it('an ApiProblem carries status, code, message and fields', () => {
    const error = new ApiProblem(400, validation([{ path: 'description', message: 'Required' }]));
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.fields).toEqual({ description: 'Required' });
    expect(error.message).toBe('Please correct the highlighted field: Required.');
  });
});

describe('validator wording', () => {
  it('reads as a form would say it', async () => {
    const { readable } = await import('../../../web/src/lib/problem');
    expect(readable('Too small: expected string to have >=1 characters')).toBe('Required');
    expect(readable('Too big: expected string to have <=200 characters')).toBe('At most 200 characters');
    expect(readable('Use 1, 2 or 3')).toBe('Use 1, 2 or 3');
  });
});

describe('ids are not for people', () => {
  it('says "this person" instead of a user id', async () => {
    const { readable, problemMessage } = await import('../../../web/src/lib/problem');
    expect(readable('0b9e2c1a-0000-4000-8000-00000000b0b0 is not a member of the assignment group network')).toBe(
      'This person is not a member of the assignment group network',
    );
    expect(
      problemMessage(422, { type: 't', title: 'x', status: 422, code: 'ASSIGNEE_NOT_IN_GROUP', detail: 'd' }),
    ).toMatch(/not \(or no longer\) a member/);
  });
});

describe('problems of the change practice', () => {
  it('names a change’s invalid move, a missing risk assessment and the blackouts a window falls in', () => {
    const transition = {
      type: 't',
      title: 'Unprocessable Content',
      status: 422,
      code: 'INVALID_TRANSITION',
      from: 'draft',
      to: 'implement',
      allowed: ['assess', 'cancelled'],
    } as Problem;
    expect(problemMessage(422, transition)).toBe(
      'A change that is Draft cannot move to Implement (possible: Assess, Cancelled).',
    );
    expect(problemMessage(422, { type: 't', title: 'x', status: 422, code: 'RISK_REQUIRED' } as Problem)).toMatch(
      /risk questionnaire/,
    );
    const blackout = {
      type: 't',
      title: 'x',
      status: 422,
      code: 'BLACKOUT_CONFLICT',
      blackouts: [
        { blackoutId: 'b1', name: 'Year-end freeze', start: '2026-12-20T00:00:00Z', end: '2027-01-02T00:00:00Z' },
      ],
    } as Problem;
    expect(problemMessage(422, blackout)).toMatch(/blackout window \(Year-end freeze\)/);
    expect(blackoutsOf(blackout).map((b) => b.name)).toEqual(['Year-end freeze']);
    expect(
      blackoutsOf({ ...blackout, blackouts: undefined, details: { blackouts: [{ name: 'N' }] } } as Problem),
    ).toEqual([{ name: 'N' }]);
  });
});
