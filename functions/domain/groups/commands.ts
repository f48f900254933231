/** The group API's input shapes, declared once with zod: the use cases validate with them, OpenAPI is built from them. */
import * as z from 'zod/mini';
import { slugPattern } from '../shared/ids';
import { pageQuerySchema, text } from '../shared/schemas';

export { pageQuerySchema };

export const groupIdSchema = z
  .string()
  .check(
    z.regex(
      slugPattern,
      'Use 2–63 lower-case letters, digits and inner hyphens, starting and ending with a letter or digit',
    ),
  );

/** A user id (the Cognito `sub`): letters, digits and . _ : @ - */
export const userIdPattern = /^[\p{L}\p{N}][\p{L}\p{N}._:@-]{0,127}$/u;
export const userIdSchema = z.string().check(z.trim(), z.regex(userIdPattern, 'Use the user id (Cognito sub)'));

/** Cognito's username alphabet: letters, marks, symbols, digits and punctuation, no spaces. */
const usernameSchema = z
  .string()
  .check(z.trim(), z.minLength(1), z.maxLength(128), z.regex(/^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u, 'No spaces'));

export const userRefSchema = z.strictObject({ id: userIdSchema, username: usernameSchema });

export const createGroupSchema = z.strictObject({
  id: groupIdSchema,
  name: text(100),
  description: z.optional(text(1000)),
  manager: userRefSchema,
  escalationGroup: z.optional(groupIdSchema),
});
export type CreateGroupInput = z.output<typeof createGroupSchema>;

export const updateGroupSchema = z.strictObject({
  name: z.optional(text(100)),
  description: z.optional(z.nullable(text(1000))),
  manager: z.optional(userRefSchema),
  escalationGroup: z.optional(z.nullable(groupIdSchema)),
  active: z.optional(z.boolean()),
});

export const addMemberSchema = z.strictObject({ userId: userIdSchema, username: usernameSchema });

const limit = pageQuerySchema.shape.limit;
const cursor = pageQuerySchema.shape.cursor;

export const listGroupsSchema = z.strictObject({
  /** `me` or a user id: the memberships of that user instead of every group. */
  member: z.optional(userIdSchema),
  limit,
  cursor,
});
