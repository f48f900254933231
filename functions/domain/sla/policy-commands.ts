/** The SLA policy API's input shapes (zod): the use cases validate with them, OpenAPI is built from them. */
import * as z from 'zod/mini';
import { holdReasons } from '../incidents/incident';
import { slugPattern, ulidPattern } from '../shared/ids';
import { idOf, text } from '../shared/schemas';
import { categoryIdPattern } from '../taxonomy/taxonomy';
import { escalationActions } from './policy';
import { targetProblem, targetSeconds } from './target-duration';

const priorities = ['P1', 'P2', 'P3', 'P4', 'P5'] as const;
/** At most a year of business time: longer is surely a typo. */
const maxTargetSeconds = 366 * 24 * 3600;

const target = z.string().check(
  z.superRefine((s, ctx) => {
    const problem = targetProblem(s);
    if (problem) ctx.issues.push({ code: 'custom', message: problem, input: s });
    else if ((targetSeconds(s) ?? 0) > maxTargetSeconds)
      ctx.issues.push({ code: 'custom', message: 'At most P366D', input: s });
  }),
);

export const calendarIdPattern = new RegExp(`${slugPattern.source}|${ulidPattern.source}|^24x7$`);
const calendarIdSchema = idOf(calendarIdPattern, 'Use the id of a calendar (GET /calendars)');

export const policyMatchSchema = z.strictObject({
  priority: z.enum(priorities),
  service: z.optional(idOf(slugPattern)),
  category: z.optional(idOf(categoryIdPattern)),
});

const actionsSchema = z.array(z.enum(escalationActions)).check(
  z.maxLength(escalationActions.length),
  z.refine((a) => new Set(a).size === a.length, { message: 'Name each action once' }),
);

const escalationsSchema = z.strictObject({
  warning: z._default(actionsSchema, []),
  breach: z._default(actionsSchema, []),
});

const pauseOnSchema = z
  .array(z.enum(holdReasons))
  .check(z.refine((a) => new Set(a).size === a.length, { message: 'Name each hold reason once' }));

const warningPercentSchema = z.int().check(z.gte(1), z.lte(99));

export const createPolicySchema = z.strictObject({
  name: text(100),
  active: z._default(z.boolean(), true),
  match: policyMatchSchema,
  responseTarget: target,
  resolutionTarget: target,
  calendarId: calendarIdSchema,
  warningPercent: z._default(warningPercentSchema, 75),
  pauseOn: z._default(pauseOnSchema, []),
  escalations: z._default(escalationsSchema, { warning: [], breach: [] }),
});
export type CreatePolicyInput = z.output<typeof createPolicySchema>;

export const updatePolicySchema = z.strictObject({
  name: z.optional(text(100)),
  active: z.optional(z.boolean()),
  match: z.optional(policyMatchSchema),
  responseTarget: z.optional(target),
  resolutionTarget: z.optional(target),
  calendarId: z.optional(calendarIdSchema),
  warningPercent: z.optional(warningPercentSchema),
  pauseOn: z.optional(pauseOnSchema),
  escalations: z.optional(escalationsSchema),
});
export type PolicyChanges = z.output<typeof updatePolicySchema>;
