/**
 * The incident API's input shapes, declared once with zod: handlers validate with them and the OpenAPI
 * document is generated from them.
 */
import * as z from 'zod/mini';
import { slugPattern } from '../shared/ids';
import { idOf, pageQuerySchema, reference, text } from '../shared/schemas';
import { categoryIdPattern } from '../taxonomy/taxonomy';
import { holdReasons, incidentStatuses, resolutionCodes } from './incident';

const level = z.int().check(z.gte(1), z.lte(3));
/** Group and service ids are slugs; a category id may be `<parent>.<slug>`. */
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

export const listIncidentsSchema = z.strictObject({
  status: z.optional(z.enum([...incidentStatuses, 'open'])),
  assignmentGroup: z.optional(slugRef),
  assignee: z.optional(reference),
  requester: z.optional(reference),
  /** `me` or a user id: the incidents that user watches (newest first); not combinable with the others. */
  watching: z.optional(reference),
  ...pageQuerySchema.shape,
});
