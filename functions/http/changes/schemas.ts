/** What the changes practice's operations accept and return (the OpenAPI document is generated from these). */
import * as z from 'zod/mini';
import { changeStatuses, changeTypes, reviewOutcomes, riskLevels } from '../../domain/changes/change';
import { createChangeSchema, listChangesSchema, updateChangeSchema } from '../../domain/changes/commands';
import {
  createRiskQuestionSchema,
  listRiskQuestionsSchema,
  updateRiskQuestionSchema,
} from '../../domain/changes/risk-questions';
import { createTemplateSchema, listTemplatesSchema, updateTemplateSchema } from '../../domain/changes/templates';
import { pageQuerySchema } from '../../domain/shared/schemas';
import { type PracticeSchemas, page, userRef } from '../kernel/schemas';

const personRef = z.object({ ...userRef.shape, name: z.optional(z.string()) });
const affectedItem = z.object({ kind: z.enum(['service', 'ci']), id: z.optional(z.string()), name: z.string() });
const window = { plannedStart: z.string(), plannedEnd: z.string() };

export const changeView = z.object({
  id: z.string(),
  number: z.string().check(z.regex(/^CHG\d{7,}$/)),
  title: z.string(),
  description: z.string(),
  type: z.enum(changeTypes),
  templateId: z.optional(z.string()),
  services: z.array(affectedItem),
  cis: z.array(affectedItem),
  implementationPlan: z.string(),
  backoutPlan: z.string(),
  testPlan: z.string(),
  plannedStart: z.optional(z.string()),
  plannedEnd: z.optional(z.string()),
  requester: personRef,
  implementer: z.optional(personRef),
  changeManager: z.optional(personRef),
  risk: z.optional(
    z.object({
      answers: z.array(z.object({ questionId: z.string(), answerId: z.string() })),
      score: z.int(),
      level: z.enum(riskLevels),
      assessedAt: z.string(),
      assessedBy: personRef,
    }),
  ),
  status: z.enum(changeStatuses),
  approval: z.optional(
    z.object({
      round: z.int(),
      path: z.enum(['change-manager', 'cab', 'ecab']),
      executionName: z.string(),
      state: z.enum(['pending', 'escalated', 'approved', 'rejected', 'expired']),
      decidedAt: z.optional(z.string()),
      reason: z.optional(z.string()),
    }),
  ),
  conflicts: z.optional(
    z.object({
      blackouts: z.array(z.object({ blackoutId: z.string(), name: z.string(), start: z.string(), end: z.string() })),
      overlaps: z.array(
        z.object({
          changeId: z.string(),
          number: z.string(),
          title: z.string(),
          ...window,
          shared: z.array(affectedItem),
        }),
      ),
      checkedAt: z.string(),
    }),
  ),
  blackoutOverride: z.optional(z.object({ reason: z.string(), by: personRef, at: z.string() })),
  implementation: z.optional(
    z.object({
      outcome: z.enum(['implemented', 'failed']),
      notes: z.string(),
      completedAt: z.string(),
      by: personRef,
      reviewDueAt: z.string(),
    }),
  ),
  review: z.optional(
    z.object({
      // Absent while the review is open (the schedule opened it; nobody recorded the outcome yet).
      outcome: z.optional(z.enum(reviewOutcomes)),
      lessonsLearned: z.optional(z.string()),
      openedAt: z.optional(z.string()),
      reviewedAt: z.optional(z.string()),
      reviewedBy: z.optional(personRef),
    }),
  ),
  closeReason: z.optional(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.int(),
});

export const changeAuditEventView = z.object({
  id: z.string(),
  recordType: z.literal('change'),
  recordId: z.string(),
  action: z.string(),
  actor: z.object({ ...userRef.shape, system: z.optional(z.object({ reason: z.string() })) }),
  at: z.string(),
  changes: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })),
  /** The change as it stood right after this event. */
  subject: z.optional(
    z.object({
      number: z.string(),
      title: z.string(),
      type: z.enum(changeTypes),
      status: z.enum(changeStatuses),
      riskLevel: z.nullable(z.enum(riskLevels)),
      requesterId: z.string(),
      implementerId: z.nullable(z.string()),
      changeManagerId: z.nullable(z.string()),
      plannedStart: z.nullable(z.string()),
      plannedEnd: z.nullable(z.string()),
      approvalRound: z.nullable(z.int()),
    }),
  ),
});

export const changeTemplateView = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  title: z.string(),
  implementationPlan: z.string(),
  backoutPlan: z.string(),
  testPlan: z.string(),
  services: z.array(affectedItem),
  cis: z.array(affectedItem),
  defaultDurationMinutes: z.int(),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.int(),
});

export const riskQuestionView = z.object({
  id: z.string(),
  text: z.string(),
  order: z.int(),
  answers: z.array(z.object({ id: z.string(), text: z.string(), weight: z.int() })),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.int(),
});

export const changeSchemas = {
  createChange: {
    body: createChangeSchema,
    success: 201,
    response: changeView,
    etag: true,
    description:
      '`normal` and `emergency` changes bring title, description and the three plans; a `standard` change names ' +
      'an active template (`templateId`) that supplies them (plannedEnd defaults to the template’s duration). ' +
      '`implementerId` names an active person; `changeManagerId` a member of the `change-managers` group (422 ' +
      'UNKNOWN_USER / NOT_A_CHANGE_MANAGER naming the field; nothing is written).',
    problems: [413, 415, 422],
  },
  listChanges: {
    query: listChangesSchema,
    success: 200,
    response: page(changeView),
    description:
      'Agents, CAB members, change managers and admins list every change; requesters, and the desk with ' +
      '`mine=true`, list their own: the changes they requested or implement, each once. `role=requester|implementer` ' +
      'narrows the caller’s own list to one part (400 with `mine=false`). In lifecycle order, then oldest first. One ' +
      'Query per page; two in parallel for requested-or-implemented (a cursor of one list does not continue another).',
  },
  getChange: { success: 200, response: changeView, etag: true },
  updateChange: {
    body: updateChangeSchema,
    success: 200,
    response: changeView,
    etag: true,
    description:
      'Edits fields and moves the lifecycle (`status`). Entering `authorize` needs a planned window and, for normal ' +
      'changes, `riskAnswers` (422 RISK_REQUIRED); it starts an approval round. A material edit in `authorize` or ' +
      '`scheduled` starts a new round. A planned window over a blackout is 422 BLACKOUT_CONFLICT (with `blackouts`) ' +
      'unless the change is an emergency with `blackoutOverride`. `authorize → scheduled | rejected` is the approval ' +
      'workflow’s (422). `changeManagerId` must name a member of `change-managers` (422 NOT_A_CHANGE_MANAGER).',
    problems: ['VERSION_MISMATCH', 409, 413, 415, 422, 'INVALID_TRANSITION', 'BLACKOUT_CONFLICT', 428],
  },
  getChangeHistory: { query: pageQuerySchema, success: 200, response: page(changeAuditEventView) },
  listChangeTemplates: { query: listTemplatesSchema, success: 200, response: page(changeTemplateView) },
  createChangeTemplate: {
    body: createTemplateSchema,
    success: 201,
    response: changeTemplateView,
    etag: true,
    problems: [413, 415],
  },
  getChangeTemplate: { success: 200, response: changeTemplateView, etag: true },
  updateChangeTemplate: {
    body: updateTemplateSchema,
    success: 200,
    response: changeTemplateView,
    etag: true,
    problems: ['VERSION_MISMATCH', 413, 415, 428],
  },
  listChangeRiskQuestions: { query: listRiskQuestionsSchema, success: 200, response: page(riskQuestionView) },
  createChangeRiskQuestion: {
    body: createRiskQuestionSchema,
    success: 201,
    response: riskQuestionView,
    etag: true,
    problems: [413, 415],
  },
  updateChangeRiskQuestion: {
    body: updateRiskQuestionSchema,
    success: 200,
    response: riskQuestionView,
    etag: true,
    problems: ['VERSION_MISMATCH', 413, 415, 428],
  },
} as const satisfies PracticeSchemas<'changes'>;
