import { describe, expect, it } from 'vitest';
import {
  changeStatuses,
  changeTransitions,
  reviewOutcomes,
  riskLevels,
  systemOnlyMoves,
} from '../../../functions/domain/changes/change';
import { riskLevelOf, riskThresholds } from '../../../functions/domain/changes/risk';
import {
  changeMoves,
  reviewOutcomes as consoleReviewOutcomes,
  riskLevelOf as consoleRiskLevelOf,
  riskLevels as consoleRiskLevels,
  riskThresholds as consoleRiskThresholds,
  changeStatuses as consoleStatuses,
  systemOnlyMoves as consoleSystemOnlyMoves,
  changeTransitions as consoleTransitions,
  mayAssessRisk,
  mayEditChange,
  mayRecordImplementation,
  mayReview,
  riskScore,
} from '../../../web/src/lib/change-workflow';

const alice = { id: 'alice', roles: ['requester'] };
const bob = { id: 'bob', roles: ['requester', 'agent'] };
const dave = { id: 'dave', roles: ['requester', 'change-manager', 'cab'] };
const erin = { id: 'erin', roles: ['requester', 'agent', 'admin'] };
const change = (over: Partial<Parameters<typeof changeMoves>[0]> = {}) => ({
  type: 'normal' as const,
  status: 'draft' as const,
  requester: { id: 'alice' },
  implementer: { id: 'bob' },
  ...over,
});

describe('the change lifecycle the console offers', () => {
  it('is the server’s: statuses, moves, system-only moves, risk levels and review outcomes', () => {
    expect(consoleStatuses).toEqual(changeStatuses);
    expect(consoleTransitions).toEqual(changeTransitions);
    expect(consoleSystemOnlyMoves).toEqual(systemOnlyMoves);
    expect(consoleRiskLevels).toEqual(riskLevels);
    expect(consoleReviewOutcomes).toEqual(reviewOutcomes);
    expect(consoleRiskThresholds).toEqual(riskThresholds);
    for (let score = 0; score <= 40; score++) expect(consoleRiskLevelOf(score)).toBe(riskLevelOf(score));
  });

  it('never offers the workflow’s decision, nor the moves that have their own form (close, failed)', () => {
    for (const status of changeStatuses) {
      for (const type of ['standard', 'normal', 'emergency'] as const) {
        const moves = changeMoves(change({ status, type }), dave);
        for (const to of moves) expect(changeTransitions[status]).toContain(to);
        for (const [from, to] of systemOnlyMoves) if (from === status) expect(moves).not.toContain(to);
        expect(moves).not.toContain('closed');
        expect(moves).not.toContain('failed');
      }
    }
    expect(changeMoves(change({ status: 'authorize' }), dave)).toEqual(['assess', 'cancelled']);
  });

  it('sends a standard change from draft straight to scheduled, the others to assessment', () => {
    expect(changeMoves(change({ type: 'standard' }), dave)).toEqual(['scheduled', 'cancelled']);
    expect(changeMoves(change({ type: 'normal' }), dave)).toEqual(['assess', 'cancelled']);
    expect(changeMoves(change({ type: 'emergency' }), alice)).toEqual(['assess', 'cancelled']);
  });

  it('offers requesters their own drafts only, the implementer the start of the work, managers the rest', () => {
    expect(changeMoves(change({ status: 'assess' }), alice)).toEqual([]);
    expect(changeMoves(change(), { id: 'frank', roles: ['requester'] })).toEqual([]);
    expect(changeMoves(change({ status: 'scheduled' }), bob)).toEqual(['implement']);
    expect(changeMoves(change({ status: 'scheduled' }), alice)).toEqual([]);
    expect(changeMoves(change({ status: 'scheduled' }), erin)).toEqual(['implement', 'authorize', 'cancelled']);
    expect(changeMoves(change({ status: 'implement' }), dave)).toEqual(['review']);
    expect(changeMoves(change({ status: 'rejected' }), alice)).toEqual(['draft']);
    expect(changeMoves(change({ status: 'rejected' }), bob)).toEqual([]);
  });

  it('says who edits, assesses, records the implementation and reviews', () => {
    expect(mayEditChange(change(), alice)).toBe(true);
    expect(mayEditChange(change({ status: 'assess' }), alice)).toBe(false);
    expect(mayEditChange(change({ status: 'scheduled' }), dave)).toBe(true);
    expect(mayEditChange(change({ status: 'closed' }), dave)).toBe(false);
    expect(mayAssessRisk(change({ status: 'assess' }), dave)).toBe(true);
    expect(mayAssessRisk(change({ status: 'assess', type: 'standard' }), dave)).toBe(false);
    expect(mayRecordImplementation(change({ status: 'implement' }), bob)).toBe(true);
    expect(mayRecordImplementation(change({ status: 'implement' }), alice)).toBe(false);
    expect(mayReview(change({ status: 'review' }), dave)).toBe(true);
    expect(mayReview(change({ status: 'review' }), bob)).toBe(false);
  });

  it('scores a questionnaire as the sum of the chosen answers’ weights', () => {
    const questions = [
      {
        id: 'q1',
        answers: [
          { id: 'a', weight: 1 },
          { id: 'b', weight: 5 },
        ],
      },
      { id: 'q2', answers: [{ id: 'c', weight: 3 }] },
    ];
    expect(riskScore(questions, { q1: 'b', q2: 'c' })).toBe(8);
    expect(riskScore(questions, { q1: 'a' })).toBe(1);
    expect(riskScore(questions, {})).toBe(0);
  });
});
