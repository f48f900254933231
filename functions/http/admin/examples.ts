/** Examples of the admin practice's operations for the OpenAPI document (only functions/http/openapi.ts imports this). */
import {
  type PracticeExamples,
  sampleCursor,
  sampleIds,
  samplePeople,
  sampleRef,
  sampleTimes,
} from '../kernel/examples';
import type { adminSchemas } from './schemas';

/** The notification about the demo incident could not be sent: the mail relay refused it five times. */
const deadLetter = {
  id: `notifications:${sampleIds.event}`,
  consumer: 'notifications',
  eventId: sampleIds.event,
  recordType: 'incident',
  recordId: sampleIds.incident,
  action: 'created',
  state: 'dead',
  attempts: 5,
  lastError: 'SMTP 451 4.3.0 Mail server temporarily rejected message',
  firstFailedAt: sampleTimes.raised,
  lastFailedAt: sampleTimes.assigned,
  deadAt: sampleTimes.assigned,
} as const;

const suppression = {
  address: 'printer-alerts@example.com',
  reason: 'Bounces: the mailbox was deleted',
  addedAt: sampleTimes.now,
  addedBy: sampleRef('erin'),
} as const;

export const adminExamples: PracticeExamples<typeof adminSchemas> = {
  listDeadLetters: { response: { items: [deadLetter], nextCursor: sampleCursor } },
  getDeadLetter: { response: deadLetter },
  redriveDeadLetter: {
    response: {
      ...deadLetter,
      state: 'redrive',
      redriveRequestedAt: sampleTimes.now,
      redriveRequestedBy: samplePeople.erin.id,
    },
  },
  listSuppressions: { response: { items: [suppression], nextCursor: null } },
  addSuppression: {
    request: { address: 'Printer-Alerts@example.com', reason: suppression.reason },
    response: suppression,
  },
  getSuppression: { response: suppression },
};
