/** The risk questionnaire's questions (admin-managed; `active: false` retires one). See ./risk.ts for scoring. */
import * as z from 'zod/mini';
import { requireAdmin } from '../shared/actor';
import type { AuditEvent } from '../shared/audit';
import { diffFields, eventBy } from '../shared/audit-trail';
import type { CallerDeps } from '../shared/caller';
import type { Created, IdempotencyClaim } from '../shared/created';
import { NotFoundError, PreconditionFailedError, PreconditionRequiredError, ValidationError } from '../shared/errors';
import { slugPattern } from '../shared/ids';
import type { Page, PageRequest } from '../shared/page';
import { idOf, pageQuerySchema, text } from '../shared/schemas';
import { parseChanges, parseWith } from '../shared/validation';
import type { RiskQuestion } from './risk';

export type RiskQuestionEvent = AuditEvent<'created' | 'updated'>;

export interface RiskQuestionRepository {
  create(
    question: RiskQuestion,
    event: RiskQuestionEvent,
    idempotency?: IdempotencyClaim,
  ): Promise<Created<RiskQuestion>>;
  get(id: string): Promise<RiskQuestion | undefined>;
  /** One page, in questionnaire order. */
  list(page: PageRequest): Promise<Page<RiskQuestion>>;
  /** Every question (all pages), in order: what scoring reads. */
  all(): Promise<RiskQuestion[]>;
  update(next: RiskQuestion, previous: RiskQuestion, event: RiskQuestionEvent): Promise<RiskQuestion>;
}

export interface RiskQuestionDeps extends CallerDeps {
  readonly riskQuestions: RiskQuestionRepository;
}

const answers = z
  .array(
    z.strictObject({
      /** A slug, unique within the question (`yes`, `under-1h`). */
      id: idOf(slugPattern, 'Use 2–63 lower-case letters, digits and inner hyphens'),
      text: text(500),
      weight: z.int().check(z.gte(0), z.lte(10)),
    }),
  )
  .check(z.minLength(2), z.maxLength(10));

export const createRiskQuestionSchema = z.strictObject({
  text: text(500),
  order: z.int().check(z.gte(0), z.lte(1000)),
  answers,
});

export const updateRiskQuestionSchema = z.strictObject({
  text: z.optional(text(500)),
  order: z.optional(z.int().check(z.gte(0), z.lte(1000))),
  answers: z.optional(answers),
  active: z.optional(z.boolean()),
});

export const listRiskQuestionsSchema = pageQuerySchema;

const audited = ['text', 'order', 'answers', 'active'] as const satisfies readonly (keyof RiskQuestion)[];
const record = (q: RiskQuestion) => ({ recordType: 'change-risk-question', recordId: `change-risk-question:${q.id}` });

function uniqueAnswerIds(list: readonly { id: string }[]): void {
  const ids = list.map((a) => a.id);
  const dup = ids.findIndex((id, i) => ids.indexOf(id) !== i);
  if (dup >= 0) throw new ValidationError([{ path: `answers.${dup}.id`, message: 'Answer ids must be unique' }]);
}

export async function createRiskQuestion(
  input: unknown,
  deps: RiskQuestionDeps,
  idempotency?: IdempotencyClaim,
): Promise<Created<RiskQuestion>> {
  requireAdmin(deps.actor, 'manage risk questions');
  const cmd = parseWith(createRiskQuestionSchema, input);
  uniqueAnswerIds(cmd.answers);
  const at = deps.clock.now().toISOString();
  const question: RiskQuestion = {
    id: deps.ids.next(),
    ...cmd,
    active: true,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  const event = eventBy(deps, record(question), 'created', at, diffFields(undefined, question, audited));
  return deps.riskQuestions.create(question, event, idempotency);
}

export function listRiskQuestions(query: unknown, deps: RiskQuestionDeps): Promise<Page<RiskQuestion>> {
  return deps.riskQuestions.list(parseWith(listRiskQuestionsSchema, query));
}

export async function updateRiskQuestion(
  id: string,
  ifMatch: number | undefined,
  input: unknown,
  deps: RiskQuestionDeps,
): Promise<RiskQuestion> {
  requireAdmin(deps.actor, 'manage risk questions');
  const changes = parseChanges(updateRiskQuestionSchema, input);
  if (changes.answers) uniqueAnswerIds(changes.answers);
  if (ifMatch === undefined) throw new PreconditionRequiredError();
  const current = await deps.riskQuestions.get(id.toUpperCase());
  if (!current) throw new NotFoundError('Risk question');
  if (current.version !== ifMatch) throw new PreconditionFailedError('Risk question', ifMatch, current.version);
  const at = deps.clock.now().toISOString();
  const next: RiskQuestion = { ...current, ...changes, updatedAt: at, version: current.version + 1 };
  const diff = diffFields(current, next, audited);
  if (diff.length === 0) return current;
  return deps.riskQuestions.update(next, current, eventBy(deps, record(next), 'updated', at, diff));
}
