import { systemClock } from '../domain/clock';
import { logger } from '../shared/logger';
import { streamHandler } from '../shared/middleware/stream';
import { readAuditEvent } from '../store/audit-reader';
import { failureTracker } from '../store/dead-letter-repository';
import { deliveryLedger } from '../store/delivery-ledger';
import { consumers } from './consumers';
import { dispatcher } from './dispatcher';

/** Lambda entry of the after-commit dispatcher (the table's stream, filtered by stream-filter.ts). */
export const handler = streamHandler(
  dispatcher({
    consumers: consumers(),
    once: deliveryLedger(),
    failures: failureTracker,
    auditEvent: readAuditEvent,
    clock: systemClock,
    logger,
  }),
);
