/** What the routing practice's operations accept and return (the OpenAPI document is generated from these). */
import * as z from 'zod/mini';
import { createRuleSchema, updateRuleSchema, updateRulesetSchema } from '../../domain/routing/commands';
import { pageQuerySchema } from '../../domain/shared/schemas';
import {
  createCategorySchema,
  createServiceSchema,
  updateCategorySchema,
  updateServiceSchema,
} from '../../domain/taxonomy/commands';
import { type PracticeSchemas, page, userRef } from '../kernel/schemas';

export const categoryView = z.object({
  id: z.string(),
  name: z.string(),
  description: z.optional(z.string()),
  parentId: z.optional(z.string()),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.int(),
});

export const serviceView = z.object({
  id: z.string(),
  name: z.string(),
  description: z.optional(z.string()),
  ownerGroup: z.optional(z.string()),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.int(),
});

const levels = z.array(z.int());
export const routingRuleView = z.object({
  id: z.string(),
  name: z.string(),
  active: z.boolean(),
  conditions: z.object({
    categories: z.optional(z.array(z.string())),
    services: z.optional(z.array(z.string())),
    impacts: z.optional(levels),
    urgencies: z.optional(levels),
    requesterDomains: z.optional(z.array(z.string())),
    keywords: z.optional(z.array(z.string())),
  }),
  actions: z.object({
    assignmentGroup: z.optional(z.string()),
    priority: z.optional(z.object({ value: z.enum(['P1', 'P2', 'P3', 'P4', 'P5']), reason: z.string() })),
    watchers: z.optional(z.array(userRef)),
  }),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.int(),
});

export const rulesetView = z.object({
  defaultGroup: z.nullable(z.string()),
  version: z.int(),
  updatedAt: z.optional(z.string()),
  items: z.array(routingRuleView),
});

export const referenceEventView = z.object({
  id: z.string(),
  recordId: z.string(),
  action: z.enum(['created', 'updated', 'deleted']),
  actor: userRef,
  at: z.string(),
  changes: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })),
});

const actionsRule =
  '`actions` needs at least one of `assignmentGroup`, `priority` or `watchers` (400 naming `actions` otherwise); ' +
  'each condition lists at least one value, each value once.';

export const routingSchemas = {
  createCategory: {
    body: createCategorySchema,
    success: 201,
    response: categoryView,
    etag: true,
    problems: [409, 413, 415, 422],
  },
  listCategories: { query: pageQuerySchema, success: 200, response: page(categoryView) },
  getCategory: { success: 200, response: categoryView, etag: true },
  updateCategory: {
    body: updateCategorySchema,
    success: 200,
    response: categoryView,
    etag: true,
    problems: [409, 'VERSION_MISMATCH', 413, 415, 422, 428],
  },
  createService: {
    body: createServiceSchema,
    success: 201,
    response: serviceView,
    etag: true,
    problems: [409, 413, 415, 422],
  },
  listServices: { query: pageQuerySchema, success: 200, response: page(serviceView) },
  getService: { success: 200, response: serviceView, etag: true },
  updateService: {
    body: updateServiceSchema,
    success: 200,
    response: serviceView,
    etag: true,
    problems: ['VERSION_MISMATCH', 413, 415, 422, 428],
  },
  getRoutingRules: { success: 200, response: rulesetView, etag: true },
  updateRoutingRules: {
    body: updateRulesetSchema,
    success: 200,
    response: rulesetView,
    etag: true,
    problems: [409, 'VERSION_MISMATCH', 413, 415, 422, 428],
  },
  createRoutingRule: {
    body: createRuleSchema,
    description: actionsRule,
    success: 201,
    response: routingRuleView,
    etag: true,
    problems: [409, 413, 415, 422],
  },
  getRoutingRulesHistory: { query: pageQuerySchema, success: 200, response: page(referenceEventView) },
  getRoutingRule: { success: 200, response: routingRuleView, etag: true },
  updateRoutingRule: {
    body: updateRuleSchema,
    description: actionsRule,
    success: 200,
    response: routingRuleView,
    etag: true,
    problems: [409, 'VERSION_MISMATCH', 413, 415, 422, 428],
  },
  deleteRoutingRule: { success: 204, problems: [409, 'VERSION_MISMATCH', 428] },
} as const satisfies PracticeSchemas<'routing'>;
