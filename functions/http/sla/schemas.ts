/** What the sla practice's operations accept and return (the OpenAPI document is generated from these). */
import * as z from 'zod/mini';
import { holdReasons } from '../../domain/incidents/incident';
import { pageQuerySchema } from '../../domain/shared/schemas';
import { weekdays } from '../../domain/sla/calendar';
import {
  createCalendarSchema,
  dueQuerySchema,
  elapsedQuerySchema,
  updateCalendarSchema,
} from '../../domain/sla/calendar-commands';
import { escalationActions } from '../../domain/sla/policy';
import { createPolicySchema, updatePolicySchema } from '../../domain/sla/policy-commands';
import { type PracticeSchemas, page, userRef } from '../kernel/schemas';

const segment = z.object({ start: z.string(), end: z.string() });

export const calendarView = z.object({
  id: z.string(),
  name: z.string(),
  timeZone: z.string(),
  hours: z.object(Object.fromEntries(weekdays.map((d) => [d, z.array(segment)]))),
  holidays: z.array(z.object({ date: z.string(), name: z.string(), yearly: z.boolean() })),
  builtIn: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.int(),
});

export const slaPolicyView = z.object({
  id: z.string(),
  name: z.string(),
  active: z.boolean(),
  match: z.object({ priority: z.string(), service: z.optional(z.string()), category: z.optional(z.string()) }),
  responseTarget: z.string(),
  resolutionTarget: z.string(),
  calendarId: z.string(),
  warningPercent: z.int(),
  pauseOn: z.array(z.enum(holdReasons)),
  escalations: z.object({ warning: z.array(z.enum(escalationActions)), breach: z.array(z.enum(escalationActions)) }),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.int(),
});

const configAuditEventView = z.object({
  id: z.string(),
  recordId: z.string(),
  action: z.enum(['created', 'updated']),
  actor: userRef,
  at: z.string(),
  changes: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })),
});

const write = { etag: true, problems: ['VERSION_MISMATCH', 413, 415, 422, 428] } as const;

const clockView = z.object({
  kind: z.enum(['response', 'resolution']),
  policyId: z.string(),
  target: z.string().register(z.globalRegistry, { description: 'ISO 8601 duration of business time' }),
  dueAt: z.nullable(z.string()),
  elapsedSeconds: z.int().register(z.globalRegistry, { description: 'Business seconds counted, up to now' }),
  pausedSeconds: z.int().register(z.globalRegistry, { description: 'Business seconds spent on a pausing hold' }),
  state: z.enum(['running', 'paused', 'met', 'breached']),
  warnedAt: z.nullable(z.string()),
  breachedAt: z.nullable(z.string()),
});

const incidentSlaView = z.object({
  incidentId: z.string(),
  clocks: z.array(clockView),
  escalationError: z.optional(
    z.object({
      generation: z.int(),
      kind: z.enum(['response', 'resolution']),
      milestone: z.enum(['warning', 'breach']),
      error: z.string(),
      cause: z.optional(z.string()),
      at: z.string(),
    }),
  ),
});

export const slaSchemas = {
  getIncidentSla: { success: 200, response: incidentSlaView },
  createCalendar: {
    body: createCalendarSchema,
    success: 201,
    response: calendarView,
    etag: true,
    problems: [413, 415, 422],
  },
  listCalendars: { query: pageQuerySchema, success: 200, response: page(calendarView) },
  getCalendar: { success: 200, response: calendarView, etag: true },
  updateCalendar: { body: updateCalendarSchema, success: 200, response: calendarView, ...write },
  previewCalendarDue: {
    query: dueQuerySchema,
    success: 200,
    response: z.object({ start: z.string(), duration: z.string(), dueAt: z.string() }),
  },
  previewCalendarElapsed: { query: elapsedQuerySchema, success: 200, response: z.object({ seconds: z.int() }) },
  getCalendarHistory: { query: pageQuerySchema, success: 200, response: page(configAuditEventView) },
  createSlaPolicy: {
    body: createPolicySchema,
    success: 201,
    response: slaPolicyView,
    etag: true,
    problems: [413, 415, 422],
  },
  listSlaPolicies: { query: pageQuerySchema, success: 200, response: page(slaPolicyView) },
  getSlaPolicy: { success: 200, response: slaPolicyView, etag: true },
  updateSlaPolicy: { body: updatePolicySchema, success: 200, response: slaPolicyView, ...write },
  getSlaPolicyHistory: { query: pageQuerySchema, success: 200, response: page(configAuditEventView) },
} as const satisfies PracticeSchemas<'sla'>;
