/**
 * The risk questionnaire: admin-defined questions with weighted answers. A change's score is the sum of the chosen
 * answers' weights; the level comes from the thresholds below (data, documented in docs/changes.md).
 */
import { BusinessRuleError } from '../shared/errors';
import type { RiskAnswer, RiskLevel } from './change';

export interface RiskAnswerOption {
  readonly id: string;
  readonly text: string;
  /** 0–10. */
  readonly weight: number;
}

export interface RiskQuestion {
  readonly id: string;
  readonly text: string;
  /** Position in the questionnaire (ascending). */
  readonly order: number;
  readonly answers: readonly RiskAnswerOption[];
  readonly active: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

/** Score → level: the first threshold whose `minScore` the score reaches (highest first). */
export const riskThresholds: readonly { readonly level: RiskLevel; readonly minScore: number }[] = [
  { level: 'very_high', minScore: 16 },
  { level: 'high', minScore: 10 },
  { level: 'medium', minScore: 5 },
  { level: 'low', minScore: 0 },
];

export function riskLevelOf(score: number): RiskLevel {
  const found = riskThresholds.find((t) => score >= t.minScore);
  return found?.level ?? 'low';
}

/**
 * The score of `answers` against the active questions: every active question answered exactly once with one of
 * its answers (422 RISK_ANSWERS_INVALID naming `riskAnswers[i]` otherwise).
 */
export function scoreRisk(
  questions: readonly RiskQuestion[],
  answers: readonly RiskAnswer[],
): { readonly score: number; readonly level: RiskLevel } {
  const active = new Map(questions.filter((q) => q.active).map((q) => [q.id, q]));
  const errors: { path: string; message: string }[] = [];
  const seen = new Set<string>();
  let score = 0;
  answers.forEach((answer, i) => {
    const question = active.get(answer.questionId);
    if (!question) {
      errors.push({ path: `riskAnswers.${i}.questionId`, message: `No active risk question ${answer.questionId}` });
      return;
    }
    if (seen.has(question.id)) {
      errors.push({ path: `riskAnswers.${i}.questionId`, message: 'Answered twice' });
      return;
    }
    seen.add(question.id);
    const option = question.answers.find((a) => a.id === answer.answerId);
    if (!option) {
      errors.push({ path: `riskAnswers.${i}.answerId`, message: `Not an answer of question ${question.id}` });
      return;
    }
    score += option.weight;
  });
  for (const question of active.values()) {
    if (!seen.has(question.id) && !errors.some((e) => e.message.includes(question.id))) {
      errors.push({ path: 'riskAnswers', message: `Question ${question.id} ("${question.text}") is not answered` });
    }
  }
  if (active.size === 0) errors.push({ path: 'riskAnswers', message: 'No risk questions are defined yet' });
  if (errors.length > 0) {
    throw new BusinessRuleError('RISK_ANSWERS_INVALID', 'Answer every active risk question once', errors);
  }
  return { score, level: riskLevelOf(score) };
}
