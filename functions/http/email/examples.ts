/** Examples of the e-mail practice's operations for the OpenAPI document (only functions/http/openapi.ts imports this). */
import { type PracticeExamples, sampleCursor, sampleEmail, samplePeople, sampleTimes } from '../kernel/examples';
import type { emailSchemas } from './schemas';

/** An out-of-office reply to the desk's acknowledgement: held, never a ticket (RFC 3834). */
const heldAutoReply = {
  id: '01JNB4R2W6Y8A1C3E5G7J9L2NQ',
  reason: 'auto_reply',
  detail: 'Auto-Submitted: auto-replied',
  from: { address: sampleEmail('erin'), name: samplePeople.erin.name },
  subject: 'Automatic reply: [INC0001001] Wi-Fi keeps dropping in meeting room 4',
  messageId: '<out-of-office.7731@example.com>',
  recipients: ['desk@example.com'],
  headers: { 'auto-submitted': 'auto-replied', 'x-auto-response-suppress': 'All' },
  authentication: { spam: 'PASS', virus: 'PASS', spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' },
  size: 4812,
  receivedAt: sampleTimes.raised,
  state: 'held',
  version: 1,
} as const;

export const emailExamples: PracticeExamples<typeof emailSchemas> = {
  listQuarantine: { response: { items: [heldAutoReply], nextCursor: sampleCursor } },
  getQuarantine: { response: heldAutoReply },
  releaseQuarantine: {
    response: {
      ...heldAutoReply,
      state: 'released',
      releasedAt: sampleTimes.now,
      releasedBy: samplePeople.bob.username,
      incidentId: '01JNB6A1C3E5G7J9L2N4Q6S8UW',
      number: 'INC0001007',
      version: 2,
    },
  },
  reprocessMessage: {
    request: { key: 'raw/01JNB4Q7ZX5B3D9F2H6K8M1P4R' },
    response: { outcome: 'duplicate', incidentId: '01JNB4Q8K2V7T3M9X5R1D6C0ZA', number: 'INC0001001' },
  },
};
