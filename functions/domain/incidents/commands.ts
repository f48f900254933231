/**
 * The incident API's input shapes, declared once with zod: handlers validate with them and the OpenAPI
 * document is generated from them.
 */
import * as z from 'zod/mini';
import { slugPattern } from '../groups/group';
import { categoryIdPattern } from '../taxonomy/taxonomy';
import { holdReasons, incidentStatuses, resolutionCodes } from './incident';

// Control characters other than tab and line breaks, and lone UTF-16 surrogates, are never meant.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const controlCharacters = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
export const printable = z.refine<string>((s) => s.isWellFormed() && !controlCharacters.test(s), {
  message: 'Contains control characters or broken Unicode',
});
export const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max), printable);
const level = z.int().check(z.gte(1), z.lte(3));
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

/** Group and service ids are slugs; a category id may be `<parent>.<slug>`. */
const idOf = (pattern: RegExp) => z.string().check(z.trim(), z.regex(pattern, 'Use the id of an existing record'));
const slugRef = idOf(slugPattern);
const categoryRef = idOf(categoryIdPattern);

export const createIncidentSchema = z.strictObject({
  title: text(200),
  description: text(10_000),
  impact: level,
  urgency: level,
  category: z.optional(categoryRef),
  service: z.optional(slugRef),
  assignmentGroup: z.optional(slugRef),
  ciId: z.optional(reference),
});

export const updateIncidentSchema = z.strictObject({
  title: z.optional(text(200)),
  description: z.optional(text(10_000)),
  impact: z.optional(level),
  urgency: z.optional(level),
  status: z.optional(z.enum(incidentStatuses)),
  category: z.optional(z.nullable(categoryRef)),
  service: z.optional(z.nullable(slugRef)),
  assignmentGroup: z.optional(z.nullable(slugRef)),
  assignee: z.optional(z.nullable(reference)),
  /** Declare (true) or stand down (false) a major incident. */
  major: z.optional(z.boolean()),
  ciId: z.optional(z.nullable(reference)),
  holdReason: z.optional(z.enum(holdReasons)),
  resolutionCode: z.optional(z.enum(resolutionCodes)),
  resolutionNotes: z.optional(text(10_000)),
});
export type UpdateIncidentInput = z.output<typeof updateIncidentSchema>;

export const commentSchema = z.strictObject({
  body: text(20_000),
  visibility: z._default(z.enum(['public', 'internal']), 'public'),
});

const limit = z._default(z.pipe(z.coerce.number(), z.int().check(z.gte(1), z.lte(100))), 25);
const cursor = z.optional(z.string().check(z.minLength(1), z.maxLength(2048)));

export const listIncidentsSchema = z.strictObject({
  status: z.optional(z.enum([...incidentStatuses, 'open'])),
  assignmentGroup: z.optional(slugRef),
  assignee: z.optional(reference),
  requester: z.optional(reference),
  /** `me` or a user id: the incidents that user watches (newest first); not combinable with the others. */
  watching: z.optional(reference),
  limit,
  cursor,
});

export const pageQuerySchema = z.strictObject({ limit, cursor });
