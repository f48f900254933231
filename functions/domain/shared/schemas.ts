/** Input shapes every practice's API shares (zod/mini): free text, references to other records, list paging. */
import * as z from 'zod/mini';
import { slugPattern } from './ids';

// Control characters other than tab and line breaks (C0, DEL and C1: U+0080–U+009F), and lone UTF-16 surrogates,
// are never meant. (NEL, U+0085, is a C1 line break no client sends on purpose.)
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const controlCharacters = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
export const printable = z.refine<string>((s) => s.isWellFormed() && !controlCharacters.test(s), {
  message: 'Contains control characters or broken Unicode',
});

/** Trimmed, non-empty, printable text of at most `max` characters. */
export const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max), printable);

/** Ids and names of other records (groups, users, categories, CIs): letters, digits and . _ : @ / - */
export const reference = z
  .string()
  .check(
    z.trim(),
    z.minLength(1),
    z.maxLength(128),
    z.regex(
      /^[\p{L}\p{N}][\p{L}\p{N}._:@/ -]*$/u,
      'Use letters, digits, spaces and . _ : @ / -, starting with a letter or digit',
    ),
  );

/** The id of an existing record whose ids follow `pattern`. */
export const idOf = (pattern: RegExp, message = 'Use the id of an existing record') =>
  z.string().check(z.trim(), z.regex(pattern, message));

/** A slug id (groups, services): see `slugPattern`. */
export const slug = z.string().check(z.regex(slugPattern, 'Use 2–63 lower-case letters, digits and inner hyphens'));

const limit = z._default(z.pipe(z.coerce.number(), z.int().check(z.gte(1), z.lte(100))), 25);
const cursor = z.optional(z.string().check(z.minLength(1), z.maxLength(2048)));

/** `?limit=&cursor=` of every list (1–100, default 25). */
export const pageQuerySchema = z.strictObject({ limit, cursor });
