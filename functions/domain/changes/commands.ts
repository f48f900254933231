/** The change API's input shapes, declared once with zod: the use cases validate with them, OpenAPI shows them. */
import * as z from 'zod/mini';
import { slugPattern } from '../shared/ids';
import { idOf, pageQuerySchema, reference, text } from '../shared/schemas';
import { changeStatuses, changeTypes, reviewOutcomes } from './change';

const instant = z.iso.datetime({ offset: true });
const serviceRef = z.union([
  z.strictObject({ id: idOf(slugPattern, 'Use the id of a business service') }),
  z.strictObject({ name: text(200) }),
]);
const ciRef = z.strictObject({ name: text(200) });
const plan = text(20_000);

export const riskAnswersSchema = z
  .array(z.strictObject({ questionId: reference, answerId: reference }))
  .check(z.maxLength(50));

const changeFields = {
  title: text(200),
  description: text(10_000),
  services: z.array(serviceRef).check(z.maxLength(20)),
  cis: z.array(ciRef).check(z.maxLength(50)),
  implementationPlan: plan,
  backoutPlan: plan,
  testPlan: plan,
  plannedStart: instant,
  plannedEnd: instant,
  implementerId: reference,
  changeManagerId: reference,
};

/**
 * A new change. `normal` and `emergency` changes bring title, description and the three plans; a `standard` change
 * names its template (`templateId`), which supplies them (the title and description may be given).
 */
export const createChangeSchema = z.strictObject({
  type: z.enum(changeTypes),
  templateId: z.optional(reference),
  title: z.optional(changeFields.title),
  description: z.optional(changeFields.description),
  services: z.optional(changeFields.services),
  cis: z.optional(changeFields.cis),
  implementationPlan: z.optional(plan),
  backoutPlan: z.optional(plan),
  testPlan: z.optional(plan),
  plannedStart: z.optional(instant),
  plannedEnd: z.optional(instant),
  implementerId: z.optional(reference),
  changeManagerId: z.optional(reference),
});
export type CreateChangeInput = z.output<typeof createChangeSchema>;

export const updateChangeSchema = z.strictObject({
  title: z.optional(changeFields.title),
  description: z.optional(changeFields.description),
  services: z.optional(changeFields.services),
  cis: z.optional(changeFields.cis),
  implementationPlan: z.optional(plan),
  backoutPlan: z.optional(plan),
  testPlan: z.optional(plan),
  plannedStart: z.optional(z.nullable(instant)),
  plannedEnd: z.optional(z.nullable(instant)),
  implementerId: z.optional(z.nullable(reference)),
  changeManagerId: z.optional(z.nullable(reference)),
  status: z.optional(z.enum(changeStatuses)),
  riskAnswers: z.optional(riskAnswersSchema),
  /** Emergency changes only: schedule over a blackout window, with the reason (audited). */
  blackoutOverride: z.optional(z.strictObject({ reason: text(2000) })),
  /** In `implement`: how it went; `failed` moves the change to `failed` (backed out). */
  implementation: z.optional(z.strictObject({ outcome: z.enum(['implemented', 'failed']), notes: text(10_000) })),
  /** In `review`: the post-implementation review's outcome; closes the change. */
  review: z.optional(z.strictObject({ outcome: z.enum(reviewOutcomes), lessonsLearned: text(10_000) })),
  /** Why it is cancelled (required when `status` is `cancelled`). */
  closeReason: z.optional(text(2000)),
});
export type UpdateChangeInput = z.output<typeof updateChangeSchema>;

/** The caller's part in a change, as `GET /changes?role=` narrows their own list. */
export const changeListRoles = ['requester', 'implementer'] as const;

export const listChangesSchema = z.strictObject({
  status: z.optional(z.enum(changeStatuses)),
  type: z.optional(z.enum(changeTypes)),
  /**
   * `true`: only the caller's own changes — the ones they requested or implement (requesters always get only theirs).
   */
  mine: z.optional(z.enum(['true', 'false'])),
  /** Narrows the caller's own changes to the ones they requested or the ones they implement (implies `mine`). */
  role: z.optional(z.enum(changeListRoles)),
  ...pageQuerySchema.shape,
});
