/** Input shapes of the routing-rules API (zod/mini; the OpenAPI document is generated from them). */
import * as z from 'zod/mini';
import { ulidPattern } from '../shared/ids';
import { printable, slug, text } from '../shared/schemas';
import { categoryId } from '../taxonomy/commands';

export const maxRules = 200;
const maxValues = 20;

const list = <T extends z.ZodMiniType>(item: T, max = maxValues) =>
  z.array(item).check(
    z.minLength(1, 'List at least one value, or leave the condition out'),
    z.maxLength(max),
    z.refine((values) => new Set(values.map((v) => JSON.stringify(v))).size === values.length, {
      message: 'List each value once',
    }),
  );

/** A DNS name: labels of letters, digits and inner hyphens, at least two labels (`example.com`). */
const domainPattern = /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const domain = z.string().check(z.regex(domainPattern, 'Use a domain name such as example.com'));
/** Impact and urgency levels (1 = high … 3 = low), typed as the matcher's `Level`. */
const level = z.literal([1, 2, 3]);
const keyword = z.string().check(z.trim(), z.minLength(1), z.maxLength(100), printable);

export const ruleConditionsSchema = z.strictObject({
  categories: z.optional(list(categoryId)),
  services: z.optional(list(slug)),
  impacts: z.optional(list(level, 3)),
  urgencies: z.optional(list(level, 3)),
  requesterDomains: z.optional(list(domain)),
  keywords: z.optional(list(keyword)),
});

const userRef = z.strictObject({
  id: z.string().check(z.minLength(1), z.maxLength(128), z.regex(/^[\w.:@-]+$/, 'Use a user id')),
  username: text(128),
});

export const ruleActionsSchema = z
  .strictObject({
    assignmentGroup: z.optional(slug),
    priority: z.optional(z.strictObject({ value: z.enum(['P1', 'P2', 'P3', 'P4', 'P5']), reason: text(500) })),
    watchers: z.optional(
      z.array(userRef).check(
        z.maxLength(20),
        z.refine((ws) => new Set(ws.map((w) => w.id)).size === ws.length, { message: 'List each watcher once' }),
      ),
    ),
  })
  .check(
    z.refine((a) => a.assignmentGroup !== undefined || a.priority !== undefined || (a.watchers?.length ?? 0) > 0, {
      message: 'A rule needs at least one action: assignmentGroup, priority or watchers',
    }),
  );

const position = z.int().check(z.gte(0), z.lt(maxRules));

export const createRuleSchema = z.strictObject({
  name: text(100),
  active: z._default(z.boolean(), true),
  conditions: ruleConditionsSchema,
  actions: ruleActionsSchema,
  position: z.optional(position),
});
export type CreateRuleInput = z.output<typeof createRuleSchema>;

export const updateRuleSchema = z.strictObject({
  name: z.optional(text(100)),
  active: z.optional(z.boolean()),
  conditions: z.optional(ruleConditionsSchema),
  actions: z.optional(ruleActionsSchema),
  position: z.optional(position),
});
export type UpdateRuleInput = z.output<typeof updateRuleSchema>;

/** Rule ids are ULIDs. */
export const ruleIdPattern = ulidPattern;

export const updateRulesetSchema = z.strictObject({
  defaultGroup: z.optional(z.nullable(slug)),
  order: z.optional(z.array(z.string().check(z.regex(ruleIdPattern, 'Use rule ids'))).check(z.maxLength(maxRules))),
});
export type UpdateRulesetInput = z.output<typeof updateRulesetSchema>;
