/**
 * Lambda entry for SES bounces and complaints (docs/decisions/0028-ses-inbound-trigger.md): the configuration set's
 * event destination publishes to an SNS topic that invokes this function directly (an AWS-authenticated invocation:
 * no HTTP endpoint, no signature to verify). Each permanent bounce or complaint puts the recipients on the suppression
 * list. A store failure is thrown, so Lambda retries the invocation and then sends it to the dead-letter queue.
 */
import type { SNSEvent } from 'aws-lambda';
import { ids } from '../compose/caller';
import { type MailFeedbackDeps, recordMailFeedback } from '../domain/notifications/mail-feedback';
import { appClock } from '../shared/clock';
import { logger } from '../shared/logger';
import { taskHandler } from '../shared/middleware/task';
import { suppressionRepository } from '../store/suppression-repository';

export interface FeedbackHandlerDeps extends MailFeedbackDeps {
  readonly log: Pick<typeof logger, 'info' | 'warn'>;
}

/** Every SNS record of one invocation (SNS sends one) → the suppression list. */
export function mailFeedback(deps: FeedbackHandlerDeps) {
  return async (event: SNSEvent): Promise<void> => {
    for (const record of event.Records) {
      const context = { snsMessageId: record.Sns.MessageId, topicArn: record.Sns.TopicArn };
      let notification: unknown;
      try {
        notification = JSON.parse(record.Sns.Message);
      } catch {
        // SES publishes JSON; anything else is not feedback and retrying would not change it.
        deps.log.warn('SNS message is not JSON; ignored', context);
        continue;
      }
      const recorded = await recordMailFeedback(notification, deps);
      if (recorded.kind === 'ignored') deps.log.info('Feedback ignored', { ...context, why: recorded.why });
      else deps.log.info('Feedback recorded', { ...context, ...recorded });
    }
  };
}

export const handler = taskHandler(
  mailFeedback({ suppressions: suppressionRepository, clock: appClock, ids, log: logger }),
);
