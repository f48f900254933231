/** What the admin practice's operations accept and return (the OpenAPI document is generated from these). */
import * as z from 'zod/mini';
import { addSuppressionSchema } from '../../domain/notifications/suppressions';
import { listDeadLettersSchema } from '../../domain/operations/dead-letters';
import { pageQuerySchema } from '../../domain/shared/schemas';
import { type PracticeSchemas, page, userRef } from '../kernel/schemas';

export const deadLetterView = z.object({
  /** `<consumer>:<eventId>` */
  id: z.string(),
  consumer: z.string(),
  /** The audit event whose consequence failed. */
  eventId: z.string(),
  recordType: z.string(),
  recordId: z.string(),
  action: z.string(),
  state: z.enum(['dead', 'redrive', 'redriven']),
  attempts: z.int(),
  lastError: z.string(),
  firstFailedAt: z.string(),
  lastFailedAt: z.string(),
  deadAt: z.optional(z.string()),
  redriveRequestedAt: z.optional(z.string()),
  /** The user id of the admin who asked for the redrive. */
  redriveRequestedBy: z.optional(z.string()),
  redrivenAt: z.optional(z.string()),
});

export const suppressionView = z.object({
  /** Lower-cased. */
  address: z.string(),
  reason: z.string(),
  addedAt: z.string(),
  addedBy: userRef,
});

export const adminSchemas = {
  listDeadLetters: { query: listDeadLettersSchema, success: 200, response: page(deadLetterView) },
  getDeadLetter: { success: 200, response: deadLetterView },
  redriveDeadLetter: { success: 202, response: deadLetterView, problems: [409, 413, 415, 422] },
  listSuppressions: { query: pageQuerySchema, success: 200, response: page(suppressionView) },
  addSuppression: {
    body: addSuppressionSchema,
    success: 201,
    response: suppressionView,
    existing: { location: true },
    problems: [413, 415, 422],
  },
  getSuppression: { success: 200, response: suppressionView },
  removeSuppression: { success: 204 },
} as const satisfies PracticeSchemas<'admin'>;
