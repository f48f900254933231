/** What the calendar practice's operations accept and return (the OpenAPI document is generated from these). */
import * as z from 'zod/mini';
import {
  calendarQuerySchema,
  createBlackoutSchema,
  listBlackoutsSchema,
  updateBlackoutSchema,
} from '../../domain/calendar/commands';
import { changeStatuses, changeTypes, riskLevels } from '../../domain/changes/change';
import { type PracticeSchemas, page } from '../kernel/schemas';

export const blackoutServiceView = z.object({ id: z.optional(z.string()), name: z.string() });

export const blackoutWindowView = z.object({
  id: z.string(),
  name: z.string(),
  reason: z.string(),
  start: z.string(),
  end: z.string(),
  recurrence: z.optional(
    z.string().register(z.globalRegistry, {
      description:
        'RFC 5545 RRULE value (no "RRULE:" prefix), expanded in UTC from start; start is its first occurrence',
    }),
  ),
  services: z.array(blackoutServiceView),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.int(),
});

const affectedItemView = z.object({ kind: z.enum(['service', 'ci']), id: z.optional(z.string()), name: z.string() });

const conflictsView = z.object({
  blackouts: z.array(z.object({ blackoutId: z.string(), name: z.string(), start: z.string(), end: z.string() })),
  overlaps: z.array(
    z.object({
      changeId: z.string(),
      number: z.string(),
      title: z.string(),
      plannedStart: z.string(),
      plannedEnd: z.string(),
      shared: z.array(affectedItemView),
    }),
  ),
  checkedAt: z.string(),
});

export const calendarView = z.object({
  from: z.string(),
  to: z.string(),
  changes: z.array(
    z.object({
      id: z.string(),
      number: z.string(),
      title: z.string(),
      type: z.enum(changeTypes),
      status: z.enum(changeStatuses),
      riskLevel: z.nullable(z.enum(riskLevels)),
      plannedStart: z.string(),
      plannedEnd: z.string(),
      services: z.array(affectedItemView),
      cis: z.array(affectedItemView),
      conflicts: z.nullable(conflictsView),
    }),
  ),
  blackouts: z.array(z.object({ id: z.string(), name: z.string(), start: z.string(), end: z.string() })),
});

export const feedCreatedView = z.object({
  url: z.string().register(z.globalRegistry, {
    description: 'The secret feed URL; shown only now (only a hash of its token is stored)',
  }),
  createdAt: z.string(),
});

export const feedStatusView = z.object({
  active: z.boolean(),
  createdAt: z.optional(z.string()),
  lastUsedAt: z.optional(
    z.string().register(z.globalRegistry, { description: 'When a client last read the feed (to the hour)' }),
  ),
});

export const personFeedStatusView = z.object({ personId: z.string(), ...feedStatusView.shape });

export const calendarSchemas = {
  getChangeCalendar: { query: calendarQuerySchema, success: 200, response: calendarView, problems: [422] },
  getChangeCalendarIcs: { query: calendarQuerySchema, success: 200, mediaType: 'text/calendar', problems: [422] },
  createCalendarFeed: {
    success: 201,
    response: feedCreatedView,
    description: 'A new secret URL replaces any earlier one, which stops working at once.',
    problems: [409],
  },
  getCalendarFeed: { success: 200, response: feedStatusView },
  revokeCalendarFeed: { success: 204 },
  getPersonCalendarFeed: {
    success: 200,
    response: personFeedStatusView,
    description: 'Active false when the person has no feed (or no such person exists).',
  },
  revokePersonCalendarFeed: {
    success: 204,
    description:
      'The URL stops working at once; the revocation is recorded as an audit event of `calendar-feed:<personId>`. ' +
      'A person who is deactivated or loses the calendar roles needs no revocation: their URL already answers 404.',
  },
  readCalendarFeed: {
    success: 200,
    mediaType: 'text/calendar',
    description:
      'The calendar from 30 days back to 90 days ahead. No bearer token: the URL is the credential; an unknown, ' +
      'rotated or revoked one is 404.',
  },
  listBlackoutWindows: { query: listBlackoutsSchema, success: 200, response: page(blackoutWindowView) },
  createBlackoutWindow: {
    body: createBlackoutSchema,
    success: 201,
    response: blackoutWindowView,
    etag: true,
    problems: [409, 413, 415, 422],
  },
  getBlackoutWindow: { success: 200, response: blackoutWindowView, etag: true },
  updateBlackoutWindow: {
    body: updateBlackoutSchema,
    success: 200,
    response: blackoutWindowView,
    etag: true,
    problems: ['VERSION_MISMATCH', 413, 415, 422, 428],
  },
  deleteBlackoutWindow: { success: 204, problems: ['VERSION_MISMATCH'] },
} as const satisfies PracticeSchemas<'calendar'>;
