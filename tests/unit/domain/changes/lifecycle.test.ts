import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allowedMoves,
  canSeeChange,
  isSystemOnlyMove,
  mayEdit,
  mayMove,
  personMovesFrom,
} from '../../../../functions/domain/changes/access';
import { approvalRuleFor } from '../../../../functions/domain/changes/approval-rules';
import {
  type Change,
  type ChangeStatus,
  changeStage,
  changeStatuses,
  changeTransitions,
} from '../../../../functions/domain/changes/change';
import { type RiskQuestion, riskLevelOf, riskThresholds, scoreRisk } from '../../../../functions/domain/changes/risk';
import type { Actor, Role } from '../../../../functions/domain/shared/actor';
import { BusinessRuleError } from '../../../../functions/domain/shared/errors';

const person = (id: string, ...roles: Role[]): Actor => ({ id, username: id, roles: ['requester', ...roles] });
const requester = person('req');
const implementer = person('impl');
const stranger = person('other');
const agent = person('agent', 'agent');
const cab = person('cab', 'cab');
const manager = person('mgr', 'change-manager');
const admin = person('admin', 'admin');

const change = (status: ChangeStatus, overrides: Partial<Change> = {}): Change => ({
  id: '01JNC2A7M4Q8T1W5Z9C3F6H0KB',
  number: 'CHG0001001',
  title: 't',
  description: 'd',
  type: 'normal',
  services: [],
  cis: [],
  implementationPlan: 'i',
  backoutPlan: 'b',
  testPlan: 't',
  requester: { id: 'req', username: 'req' },
  implementer: { id: 'impl', username: 'impl' },
  status,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 1,
  ...overrides,
});

describe('the lifecycle table', () => {
  it.each([
    ['draft', ['assess', 'scheduled', 'cancelled']],
    ['assess', ['authorize', 'draft', 'cancelled']],
    ['authorize', ['assess', 'cancelled']],
    ['scheduled', ['implement', 'authorize', 'cancelled']],
    ['implement', ['review', 'failed']],
    ['failed', ['review']],
    ['review', ['closed']],
    ['rejected', ['draft']],
    ['closed', []],
    ['cancelled', []],
  ] as const)('a person may move a change from %s to %j', (from, to) => {
    expect(personMovesFrom(from)).toEqual(to);
  });

  it('leaves authorize → scheduled | rejected to Nimbus (the approval workflow)', () => {
    expect(isSystemOnlyMove('authorize', 'scheduled')).toBe(true);
    expect(isSystemOnlyMove('authorize', 'rejected')).toBe(true);
    expect(isSystemOnlyMove('assess', 'authorize')).toBe(false);
    for (const to of ['scheduled', 'rejected'] as const) {
      expect(mayMove(manager, change('authorize'), to)).toBe(true); // the table says who; checkMove refuses first
      expect(allowedMoves(manager, change('authorize'))).not.toContain(to);
    }
  });

  it('orders statuses in lists by lifecycle', () => {
    expect(changeStatuses.map(changeStage)).toEqual([...changeStatuses.map(changeStage)].sort());
    expect(changeStage('draft')).toBe('01-draft');
    expect(changeStage('failed')).toBe('10-failed');
  });

  it('never allows a move the table does not have, for anyone', () => {
    const actors = [requester, implementer, stranger, agent, cab, manager, admin];
    fc.assert(
      fc.property(
        fc.constantFrom(...changeStatuses),
        fc.constantFrom(...actors),
        fc.constantFrom('standard', 'normal', 'emergency' as const),
        (status, who, type) => {
          for (const to of allowedMoves(who, change(status, { type }))) {
            expect(changeTransitions[status]).toContain(to);
            expect(isSystemOnlyMove(status, to)).toBe(false);
          }
        },
      ),
    );
  });
});

describe('who may do what', () => {
  it.each([
    // actor, status, type, to, allowed
    ['requester', requester, 'draft', 'normal', 'assess', true],
    ['requester', requester, 'draft', 'normal', 'cancelled', true],
    ['requester', requester, 'draft', 'standard', 'scheduled', true],
    ['requester', requester, 'assess', 'normal', 'authorize', false],
    ['requester', requester, 'assess', 'normal', 'cancelled', false],
    ['requester', requester, 'rejected', 'normal', 'draft', true],
    ['requester', requester, 'scheduled', 'normal', 'implement', false],
    ['implementer', implementer, 'scheduled', 'normal', 'implement', true],
    ['implementer', implementer, 'scheduled', 'normal', 'cancelled', false],
    ['stranger', stranger, 'draft', 'normal', 'assess', false],
    ['agent', agent, 'assess', 'normal', 'authorize', false],
    ['CAB member', cab, 'assess', 'normal', 'authorize', false],
    ['change manager', manager, 'assess', 'normal', 'authorize', true],
    ['change manager', manager, 'scheduled', 'normal', 'implement', true],
    ['change manager', manager, 'review', 'normal', 'closed', true],
    ['admin', admin, 'assess', 'emergency', 'authorize', true],
  ] as const)('%s: %s %s change → %s: %s', (_label, who, status, type, to, allowed) => {
    expect(mayMove(who, change(status, { type }), to)).toBe(allowed);
  });

  it('lets the requester edit only their draft, change managers and admins any change', () => {
    expect(mayEdit(requester, change('draft'))).toBe(true);
    expect(mayEdit(requester, change('assess'))).toBe(false);
    expect(mayEdit(stranger, change('draft'))).toBe(false);
    expect(mayEdit(agent, change('draft'))).toBe(false);
    expect(mayEdit(manager, change('scheduled'))).toBe(true);
    expect(mayEdit(admin, change('authorize'))).toBe(true);
  });

  it('shows a change to its requester, its implementer and the desk — nobody else', () => {
    expect([requester, implementer, agent, cab, manager, admin].every((a) => canSeeChange(a, change('draft')))).toBe(
      true,
    );
    expect(canSeeChange(stranger, change('draft'))).toBe(false);
  });
});

describe('approval paths (a table of cases)', () => {
  it.each([
    ['emergency', undefined, 'ecab', 'all'],
    ['emergency', 'very_high', 'ecab', 'all'],
    ['emergency', 'low', 'ecab', 'all'],
    ['normal', 'low', 'change-manager', 'any'],
    ['normal', 'medium', 'cab', 'quorum'],
    ['normal', 'high', 'cab', 'quorum'],
    ['normal', 'very_high', 'cab', 'all'],
  ] as const)('%s change of %s risk → %s (%s)', (type, risk, path, policy) => {
    expect(approvalRuleFor(type, risk)).toMatchObject({ path, policy: { kind: policy } });
  });

  it('has no rule for standard changes nor for an unassessed normal change', () => {
    expect(approvalRuleFor('standard', 'low')).toBeUndefined();
    expect(approvalRuleFor('normal', undefined)).toBeUndefined();
  });
});

describe('risk scoring', () => {
  const question = (id: string, order: number, active = true): RiskQuestion => ({
    id,
    text: `Question ${id}`,
    order,
    answers: [
      { id: 'none', text: 'None', weight: 0 },
      { id: 'some', text: 'Some', weight: 4 },
      { id: 'lots', text: 'Lots', weight: 9 },
    ],
    active,
    createdAt: '',
    updatedAt: '',
    version: 1,
  });
  const questions = [question('q1', 1), question('q2', 2), question('retired', 3, false)];

  it.each([
    [0, 'low'],
    [4, 'low'],
    [5, 'medium'],
    [9, 'medium'],
    [10, 'high'],
    [15, 'high'],
    [16, 'very_high'],
    [60, 'very_high'],
  ] as const)('score %i → %s', (score, level) => {
    expect(riskLevelOf(score)).toBe(level);
  });

  it('sums the chosen answers’ weights over the active questions', () => {
    expect(
      scoreRisk(questions, [
        { questionId: 'q1', answerId: 'some' },
        { questionId: 'q2', answerId: 'lots' },
      ]),
    ).toEqual({ score: 13, level: 'high' });
  });

  it('refuses unanswered, unknown, retired, repeated questions and unknown answers, naming the field', () => {
    const refuse = (answers: { questionId: string; answerId: string }[], path: string) => {
      const error = (() => {
        try {
          scoreRisk(questions, answers);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(BusinessRuleError);
      expect((error as BusinessRuleError).errors.map((e) => e.path)).toContain(path);
    };
    refuse([{ questionId: 'q1', answerId: 'some' }], 'riskAnswers');
    refuse(
      [
        { questionId: 'q1', answerId: 'some' },
        { questionId: 'q2', answerId: 'nope' },
      ],
      'riskAnswers.1.answerId',
    );
    refuse(
      [
        { questionId: 'retired', answerId: 'some' },
        { questionId: 'q1', answerId: 'some' },
        { questionId: 'q2', answerId: 'some' },
      ],
      'riskAnswers.0.questionId',
    );
    refuse(
      [
        { questionId: 'q1', answerId: 'some' },
        { questionId: 'q1', answerId: 'some' },
        { questionId: 'q2', answerId: 'some' },
      ],
      'riskAnswers.1.questionId',
    );
  });

  it('levels are monotonic in the score (thresholds as data, highest first)', () => {
    const order = ['low', 'medium', 'high', 'very_high'];
    expect(riskThresholds.map((t) => t.minScore)).toEqual(
      [...riskThresholds.map((t) => t.minScore)].sort((a, b) => b - a),
    );
    fc.assert(
      fc.property(fc.nat(100), fc.nat(100), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(order.indexOf(riskLevelOf(lo))).toBeLessThanOrEqual(order.indexOf(riskLevelOf(hi)));
      }),
    );
  });
});
