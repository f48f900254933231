/** The people API's input shapes, declared once with zod: the use cases validate with them, OpenAPI is built from them. */
import * as z from 'zod/mini';
import { pageQuerySchema } from '../shared/schemas';

/** A person id: a Cognito `sub` (UUID) or, for e-mail-only requesters, a ULID. */
export const personIdPattern = /^[\p{L}\p{N}][\p{L}\p{N}._:@-]{0,127}$/u;

export const searchPeopleSchema = z.strictObject({
  /** Prefix of a name word, the whole name, the username or the e-mail address; case and accents ignored. */
  query: z.string().check(z.minLength(1), z.maxLength(200)),
  limit: pageQuerySchema.shape.limit,
  cursor: pageQuerySchema.shape.cursor,
});

export const emailPersonSchema = z.strictObject({
  email: z.string().check(z.trim(), z.maxLength(254), z.email('Use an e-mail address')),
  /** The display name the mail came with ("Zoë Zeller" of `Zoë Zeller <zoe@example.com>`). */
  name: z.optional(z.string().check(z.maxLength(200))),
});
export type EmailPersonInput = z.input<typeof emailPersonSchema>;
