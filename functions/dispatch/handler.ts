import { appClock } from '../shared/clock';
import { logger } from '../shared/logger';
import { streamHandler } from '../shared/middleware/stream';
import { readAuditEvent } from '../store/audit-reader';
import { failureTracker } from '../store/dead-letter-repository';
import { deliveryLedger } from '../store/delivery-ledger';
import { consumers } from './consumers';
import { dispatcher } from './dispatcher';

/**
 * The dispatcher as a stream handler, configured from `env`: the Lambda entry passes its environment, the local stack
 * the same variables pointing at its outbox and events file.
 */
export function dispatchHandler(env: NodeJS.ProcessEnv) {
  return streamHandler(
    dispatcher({
      consumers: consumers(env),
      once: deliveryLedger(),
      failures: failureTracker,
      auditEvent: readAuditEvent,
      clock: appClock,
      logger,
    }),
  );
}
