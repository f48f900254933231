/** Examples of the calendar practice's operations for the OpenAPI document (only functions/http/openapi.ts imports this). */
import { type PracticeExamples, sampleCursor, sampleTimes } from '../kernel/examples';
import type { calendarSchemas } from './schemas';

const ids = {
  blackout: '01JNBA7Q2W4E6R8T0Y2U4I6O8P',
  change: '01JNBB3C5V7B9N1M3K5J7H9G1F',
  otherChange: '01JNBB8D0S2A4Q6W8E0R2T4Y6U',
} as const;

/** The last Friday evening of every month, 22:00–06:00 UTC: the finance close. */
const monthEnd = {
  id: ids.blackout,
  name: 'Month-end close',
  reason: 'Finance closes the books; no changes to ERP or its database',
  start: '2026-03-27T22:00:00.000Z',
  end: '2026-03-28T06:00:00.000Z',
  recurrence: 'FREQ=MONTHLY;BYDAY=-1FR',
  services: [{ id: 'erp', name: 'ERP' }],
  createdAt: sampleTimes.seeded,
  updatedAt: sampleTimes.seeded,
  version: 1,
} as const;

const mailService = { kind: 'service', id: 'email', name: 'E-mail' } as const;

export const calendarExamples: PracticeExamples<typeof calendarSchemas> = {
  getChangeCalendar: {
    response: {
      from: '2026-03-01T00:00:00.000Z',
      to: '2026-04-01T00:00:00.000Z',
      changes: [
        {
          id: ids.change,
          number: 'CHG0001001',
          title: 'Upgrade the mail gateway',
          type: 'normal',
          status: 'scheduled',
          riskLevel: 'medium',
          plannedStart: '2026-03-10T20:00:00.000Z',
          plannedEnd: '2026-03-10T22:00:00.000Z',
          services: [mailService],
          cis: [{ kind: 'ci', name: 'mx-01' }],
          conflicts: {
            blackouts: [],
            overlaps: [
              {
                changeId: ids.otherChange,
                number: 'CHG0001002',
                title: 'Rotate the mail TLS certificates',
                plannedStart: '2026-03-10T21:00:00.000Z',
                plannedEnd: '2026-03-10T21:30:00.000Z',
                shared: [mailService],
              },
            ],
            checkedAt: sampleTimes.now,
          },
        },
      ],
      blackouts: [{ id: ids.blackout, name: monthEnd.name, start: monthEnd.start, end: monthEnd.end }],
    },
  },
  createCalendarFeed: {
    response: {
      url: 'https://api.example.com/calendar/feed/6kq3X0rJmP1nN9yVfW2cT8bH4sL7aE5dG0uZiQjYxCo',
      createdAt: sampleTimes.now,
    },
  },
  getCalendarFeed: { response: { active: true, createdAt: sampleTimes.seeded, lastUsedAt: sampleTimes.now } },
  getPersonCalendarFeed: {
    response: {
      personId: '0b9e2c1a-0000-4000-8000-00000000b0b0',
      active: true,
      createdAt: sampleTimes.seeded,
      lastUsedAt: sampleTimes.now,
    },
  },
  listBlackoutWindows: { response: { items: [monthEnd], nextCursor: sampleCursor } },
  createBlackoutWindow: {
    request: {
      name: monthEnd.name,
      reason: monthEnd.reason,
      start: monthEnd.start,
      end: monthEnd.end,
      recurrence: monthEnd.recurrence,
      services: [{ id: 'erp' }],
    },
    response: monthEnd,
  },
  getBlackoutWindow: { response: monthEnd },
  updateBlackoutWindow: {
    request: { end: '2026-03-28T08:00:00.000Z' },
    response: { ...monthEnd, end: '2026-03-28T08:00:00.000Z', updatedAt: sampleTimes.now, version: 2 },
  },
};
