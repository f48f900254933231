/** What the e-mail practice's operations accept and return (the OpenAPI document is generated from these). */
import * as z from 'zod/mini';
import { listQuarantineSchema, quarantineReasons, reprocessSchema } from '../../domain/email/quarantine';
import type { PracticeSchemas } from '../kernel/schemas';
import { page } from '../kernel/schemas';

const verdict = z.enum(['PASS', 'FAIL', 'GRAY', 'PROCESSING_FAILED', 'DISABLED']);

export const quarantineView = z.object({
  id: z.string(),
  reason: z.enum(quarantineReasons),
  /** Which rule fired, for people: e.g. `Auto-Submitted: auto-replied`. */
  detail: z.string(),
  from: z.optional(z.object({ address: z.string(), name: z.optional(z.string()) })),
  subject: z.string(),
  messageId: z.optional(z.string()),
  /** The envelope recipients. */
  recipients: z.array(z.string()),
  /** A few headers (lower-cased name → first value). */
  headers: z.record(z.string(), z.string()),
  /** The receipt verdicts (SES); empty locally. */
  authentication: z.object({
    spam: z.optional(verdict),
    virus: z.optional(verdict),
    spf: z.optional(verdict),
    dkim: z.optional(verdict),
    dmarc: z.optional(verdict),
  }),
  /** Raw size in bytes. */
  size: z.int(),
  receivedAt: z.string(),
  state: z.enum(['held', 'released']),
  releasedAt: z.optional(z.string()),
  releasedBy: z.optional(z.string()),
  /** The ticket a release made or commented on. */
  incidentId: z.optional(z.string()),
  number: z.optional(z.string()),
  version: z.int(),
});

export const intakeResultView = z.object({
  outcome: z.enum(['ticket', 'comment', 'duplicate', 'quarantined']),
  incidentId: z.optional(z.string()),
  number: z.optional(z.string()),
  commentId: z.optional(z.string()),
  quarantineId: z.optional(z.string()),
  reason: z.optional(z.enum(quarantineReasons)),
});

export const emailSchemas = {
  listQuarantine: { query: listQuarantineSchema, success: 200, response: page(quarantineView) },
  getQuarantine: { success: 200, response: quarantineView, etag: true },
  releaseQuarantine: {
    success: 200,
    response: quarantineView,
    etag: true,
    description:
      'Runs the message through intake again from the rate limit on, without the screen: a new incident by the sender ' +
      '(or a comment on the ticket it answers). If-Match (the ETag of GET) guards against releasing a changed entry; ' +
      'releasing a released entry answers it unchanged.',
    problems: ['VERSION_MISMATCH', 422],
  },
  reprocessMessage: { body: reprocessSchema, success: 200, response: intakeResultView, problems: [413, 415, 422] },
} as const satisfies PracticeSchemas<'email'>;
