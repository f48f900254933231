import * as z from 'zod/mini';
import { notificationDeps } from '../compose/notifications';
import { type ChangeMailDeps, runCabAgenda } from '../dispatch/changes/cab-agenda-mail';
import { appClock } from '../shared/clock';
import { logger } from '../shared/logger';
import { scheduleHandler } from '../shared/middleware/schedule';
import { changeRepository } from '../store/change-repository';
import { deliveryLedger } from '../store/delivery-ledger';
import { notificationReader } from '../store/notification-reader';

const input = z.object({ scheduledTime: z.optional(z.string()) });

let deps: ChangeMailDeps | undefined;

/**
 * The target of the weekly `cab-agenda` cron schedule: mails every member of the Nimbus group `cab` the changes
 * awaiting authorisation and the coming week's calendar. The firing's scheduled time (the same on every retry)
 * names the week; one delivery claim per member and week keeps a retried firing from mailing twice.
 */
export const handler = scheduleHandler(async (event: unknown) => {
  const { scheduledTime } = input.parse(event ?? {});
  const mail = notificationDeps(process.env);
  if (!mail) {
    logger.warn('CAB agenda skipped: mail is off (no MAIL_FROM)');
    return { mailed: 0 };
  }
  deps ??= { mail, changes: changeRepository, members: notificationReader, once: deliveryLedger() };
  const result = await runCabAgenda(scheduledTime ?? appClock.now().toISOString(), deps);
  logger.info('CAB agenda', { ...result });
  return result;
});
