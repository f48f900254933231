/** Input shapes of the category and business-service API (zod/mini; the OpenAPI document is generated from them). */
import * as z from 'zod/mini';
import { slug, text } from '../shared/schemas';
import { categoryIdPattern } from './taxonomy';

export { categoryIdPattern, slug };
export const categoryId = z
  .string()
  .check(z.regex(categoryIdPattern, 'Use a slug (network) or <parent slug>.<slug> (network.wifi)'));

/** The name and description every piece of reference data is created with… */
const newReference = { name: text(100), description: z.optional(text(2000)) };
/** …and what a change may set on any of them (`description: null` removes it). */
const referenceChanges = {
  name: z.optional(text(100)),
  description: z.optional(z.nullable(text(2000))),
  active: z.optional(z.boolean()),
};

export const createCategorySchema = z.strictObject({
  id: categoryId,
  ...newReference,
  /** Optional: a subcategory's parent is the part of its id before the dot; when sent, it must say the same. */
  parentId: z.optional(slug),
});

export const updateCategorySchema = z.strictObject(referenceChanges);
export type UpdateCategoryInput = z.output<typeof updateCategorySchema>;

export const createServiceSchema = z.strictObject({ id: slug, ...newReference, ownerGroup: z.optional(slug) });

export const updateServiceSchema = z.strictObject({ ...referenceChanges, ownerGroup: z.optional(z.nullable(slug)) });
export type UpdateServiceInput = z.output<typeof updateServiceSchema>;
