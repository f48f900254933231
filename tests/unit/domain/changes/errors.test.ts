import { describe, expect, it } from 'vitest';
import { BlackoutConflictError, ChangeTransitionError } from '../../../../functions/domain/changes/errors';
import { problemBody } from '../../../../functions/http/kernel/problem';

describe('the change practice’s problems', () => {
  it('BLACKOUT_CONFLICT names plannedStart and lists the blackouts', () => {
    const hit = {
      blackoutId: 'B1',
      name: 'Year-end freeze',
      start: '2026-12-20T00:00:00.000Z',
      end: '2027-01-02T00:00:00.000Z',
    };
    expect(problemBody(new BlackoutConflictError([hit]))).toEqual({
      type: 'urn:nimbus:problem:blackout-conflict',
      title: 'Unprocessable Content',
      status: 422,
      detail: expect.stringContaining('Year-end freeze'),
      code: 'BLACKOUT_CONFLICT',
      blackouts: [hit],
      errors: [{ path: 'plannedStart', message: 'Overlaps a blackout window' }],
    });
  });

  it('INVALID_TRANSITION carries from, to and the allowed moves, like incidents’', () => {
    expect(problemBody(new ChangeTransitionError('draft', 'closed', ['assess', 'cancelled']))).toMatchObject({
      status: 422,
      code: 'INVALID_TRANSITION',
      type: 'urn:nimbus:problem:invalid-transition',
      from: 'draft',
      to: 'closed',
      allowed: ['assess', 'cancelled'],
      detail: 'A change cannot move from draft to closed',
    });
  });
});
