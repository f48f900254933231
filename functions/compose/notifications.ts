/**
 * The notification port, composed once for the dispatcher's consumers and the schedule targets (functions/schedules/):
 * SES on AWS with `MAIL_FROM`, the outbox locally, the system actor's clock and ids.
 */

import { deskMailConfig, sesMailerOptions } from '../dispatch/mail/config';
import { OutboxMailer } from '../dispatch/mail/outbox-mailer';
import { createSesMailer } from '../dispatch/mail/ses-mailer';
import type { Mailer, NotificationDeps } from '../domain/notifications/ports';
import { appClock } from '../shared/clock';
import { notificationReader } from '../store/notification-reader';
import { peopleRepository } from '../store/people-repository';
import { sentMailRepository } from '../store/sent-mail-repository';
import { suppressionRepository } from '../store/suppression-repository';
import { ids } from './caller';

/** SES on AWS once a sender is configured (`MAIL_FROM`); the `.data/outbox` folder locally (`MAIL_OUTBOX_DIR`). */
function mailer(env: NodeJS.ProcessEnv): Mailer | undefined {
  if (env.MAIL_OUTBOX_DIR) return new OutboxMailer(env.MAIL_OUTBOX_DIR, appClock);
  if (env.MAIL_FROM) return createSesMailer(sesMailerOptions(env), appClock);
  return undefined;
}

/** The notification port's deps, or undefined when mail is off (no `MAIL_FROM`, no outbox). */
export function notificationDeps(env: NodeJS.ProcessEnv = process.env): NotificationDeps | undefined {
  const mail = mailer(env);
  return (
    mail && {
      people: peopleRepository,
      reader: notificationReader,
      suppressions: suppressionRepository,
      sentMail: sentMailRepository,
      mailer: mail,
      config: deskMailConfig(env),
      ids,
      clock: appClock,
    }
  );
}
