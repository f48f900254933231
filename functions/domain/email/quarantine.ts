/**
 * The quarantine and stored mail, for admins: list and read what did not become a ticket or a comment, release a
 * message into a ticket, and run a stored message through intake again. Reading and parsing the stored mail is
 * behind the `intake` port (S3 on AWS and locally).
 */
import * as z from 'zod/mini';
import { requireAdmin } from '../shared/actor';
import type { CallerDeps } from '../shared/caller';
import { BusinessRuleError, NotFoundError, PreconditionFailedError } from '../shared/errors';
import type { Page } from '../shared/page';
import { pageQuerySchema } from '../shared/schemas';
import { parseWith } from '../shared/validation';
import type { QuarantineReason } from './inbound-mail';
import type { InboundMailStore, QuarantineEntry } from './intake-ports';

export const quarantineReasons = [
  'spam',
  'virus',
  'auto_reply',
  'bulk',
  'bounce',
  'loop',
  'malformed',
  'no_from',
  'rate_limited',
] as const satisfies readonly QuarantineReason[];

/** What intake answered for one message (functions/email/pipeline.ts). */
export interface IntakeAnswer {
  readonly outcome: 'ticket' | 'comment' | 'duplicate' | 'quarantined';
  readonly incidentId?: string;
  readonly number?: string;
  readonly commentId?: string;
  readonly quarantineId?: string;
  readonly reason?: QuarantineReason;
}

/** Stored mail run through intake again (the port the store-and-parse side implements). */
export interface MailReprocessor {
  /** The quarantined message, screen and rate limit skipped, into a ticket or a comment. */
  release(entry: QuarantineEntry): Promise<IntakeAnswer>;
  /** The stored message under `key` as if delivered again (a processed one answers `duplicate`); undefined: no such object. */
  reprocess(key: string): Promise<IntakeAnswer | undefined>;
}

export interface QuarantineDeps extends CallerDeps {
  readonly mail: InboundMailStore;
  readonly reprocessor: MailReprocessor;
}

export const listQuarantineSchema = z.extend(pageQuerySchema, { reason: z.optional(z.enum(quarantineReasons)) });

/** Where raw messages are stored in the mail bucket: SES's S3 action on AWS, the SMTP listener locally (decision 0028). */
export const rawMailPrefix = 'raw/';

/** An object key of a stored raw message in the mail bucket. */
export const reprocessSchema = z.strictObject({
  key: z
    .string()
    .check(
      z.trim(),
      z.minLength(1),
      z.maxLength(1024),
      z.regex(/^raw\/[A-Za-z0-9!_.*'()/+=@-]+$/, 'Use the S3 key of a stored raw message (raw/…)'),
    ),
});

const manage = 'manage the e-mail quarantine';

export async function listQuarantine(query: unknown, deps: QuarantineDeps): Promise<Page<QuarantineEntry>> {
  requireAdmin(deps.actor, manage);
  return deps.mail.listQuarantine(parseWith(listQuarantineSchema, query));
}

export async function getQuarantine(id: string, deps: QuarantineDeps): Promise<QuarantineEntry> {
  requireAdmin(deps.actor, manage);
  const entry = /^[0-9A-Z]{26}$/i.test(id) ? await deps.mail.getQuarantine(id.toUpperCase()) : undefined;
  if (!entry) throw new NotFoundError('Quarantined message');
  return entry;
}

/**
 * Releases a held message into a ticket (or a comment on the ticket it answers). Releasing a released entry again
 * answers the entry as it is and opens nothing; two releases at once open one ticket (intake's claim decides).
 */
export async function releaseQuarantine(
  id: string,
  expectedVersion: number | undefined,
  deps: QuarantineDeps,
): Promise<QuarantineEntry> {
  const entry = await getQuarantine(id, deps);
  if (entry.state === 'released') return entry;
  if (expectedVersion !== undefined && expectedVersion !== entry.version) {
    throw new PreconditionFailedError('Quarantined message', expectedVersion, entry.version);
  }
  const answer = await deps.reprocessor.release(entry);
  if (!answer.incidentId || !answer.number) {
    throw new BusinessRuleError('NOT_RELEASABLE', 'This message cannot become a ticket (it could not be read)');
  }
  const at = deps.clock.now().toISOString();
  const incident = { incidentId: answer.incidentId, number: answer.number };
  await deps.mail.markReleased(entry, { at, by: deps.actor.id, ...incident });
  return (await deps.mail.getQuarantine(entry.id)) ?? entry;
}

export async function reprocessMessage(input: unknown, deps: QuarantineDeps): Promise<IntakeAnswer> {
  requireAdmin(deps.actor, 'reprocess stored mail');
  const { key } = parseWith(reprocessSchema, input);
  const answer = await deps.reprocessor.reprocess(key);
  if (!answer) throw new NotFoundError('Stored message');
  return answer;
}
