/** Examples of the sla practice's operations for the OpenAPI document (only functions/http/openapi.ts imports this). */
import { sampleIncident } from '../incidents/examples';
import { type PracticeExamples, sampleIds, sampleRef, sampleTimes } from '../kernel/examples';
import type { slaSchemas } from './schemas';

const officeDay = [
  { start: '08:00', end: '12:00' },
  { start: '13:00', end: '17:00' },
] as const;

/** What an admin sends for the Berlin office's business hours (the due times below are counted on them). */
const berlinInput = {
  name: 'Berlin office hours',
  timeZone: 'Europe/Berlin',
  hours: { mon: officeDay, tue: officeDay, wed: officeDay, thu: officeDay, fri: officeDay, sat: [], sun: [] },
  holidays: [
    { date: '2026-01-01', name: "New Year's Day", yearly: true },
    { date: '2026-04-03', name: 'Good Friday', yearly: false },
  ],
} as const;

const berlin = {
  id: sampleIds.calendar,
  ...berlinInput,
  builtIn: false,
  createdAt: sampleTimes.seeded,
  updatedAt: sampleTimes.seeded,
  version: 1,
} as const;

/** What an admin sends for the P4 targets on the Berlin calendar. */
const p4Input = {
  name: 'P4 — standard',
  match: { priority: 'P4' },
  responseTarget: 'PT8H',
  resolutionTarget: 'PT40H',
  calendarId: sampleIds.calendar,
  warningPercent: 75,
  pauseOn: ['awaiting_caller', 'awaiting_vendor'],
  escalations: { warning: ['notify_assignee'], breach: ['notify_group_manager'] },
} as const;

const p4 = {
  id: sampleIds.policy,
  active: true,
  ...p4Input,
  createdAt: sampleTimes.seeded,
  updatedAt: sampleTimes.seeded,
  version: 1,
} as const;

const configEvent = (recordId: string) =>
  ({
    id: sampleIds.event,
    recordId,
    action: 'updated',
    actor: sampleRef('erin'),
    at: sampleTimes.now,
    changes: [{ field: 'warningPercent', before: 75, after: 80 }],
  }) as const;

export const slaExamples: PracticeExamples<typeof slaSchemas> = {
  getIncidentSla: {
    response: {
      incidentId: sampleIncident.id,
      clocks: [
        {
          kind: 'response',
          policyId: sampleIds.policy,
          target: 'PT8H',
          dueAt: '2026-03-03T09:14:07.120Z',
          elapsedSeconds: 458,
          pausedSeconds: 0,
          state: 'met',
          warnedAt: null,
          breachedAt: null,
        },
        {
          kind: 'resolution',
          policyId: sampleIds.policy,
          target: 'PT40H',
          dueAt: '2026-03-09T09:14:07.120Z',
          elapsedSeconds: 6353,
          pausedSeconds: 0,
          state: 'running',
          warnedAt: null,
          breachedAt: null,
        },
      ],
    },
  },
  createCalendar: { request: berlinInput, response: berlin },
  listCalendars: { response: { items: [berlin], nextCursor: null } },
  getCalendar: { response: berlin },
  updateCalendar: {
    request: { name: 'Berlin office hours (winter)' },
    response: { ...berlin, name: 'Berlin office hours (winter)', updatedAt: sampleTimes.now, version: 2 },
  },
  previewCalendarDue: {
    response: { start: sampleTimes.raised, duration: 'PT8H', dueAt: '2026-03-03T09:14:07.120Z' },
  },
  previewCalendarElapsed: { response: { seconds: 6353 } },
  getCalendarHistory: {
    response: {
      items: [
        {
          ...configEvent(`calendar:${sampleIds.calendar}`),
          changes: [{ field: 'name', before: berlinInput.name, after: 'Berlin office hours (winter)' }],
        },
      ],
      nextCursor: null,
    },
  },
  createSlaPolicy: { request: p4Input, response: p4 },
  listSlaPolicies: { response: { items: [p4], nextCursor: null } },
  getSlaPolicy: { response: p4 },
  updateSlaPolicy: {
    request: { warningPercent: 80 },
    response: { ...p4, warningPercent: 80, updatedAt: sampleTimes.now, version: 2 },
  },
  getSlaPolicyHistory: { response: { items: [configEvent(`sla-policy:${sampleIds.policy}`)], nextCursor: null } },
};
