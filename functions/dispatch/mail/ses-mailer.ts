import {
  SESv2Client,
  SendEmailCommand,
  type SendEmailCommandInput,
  type SendEmailCommandOutput,
} from '@aws-sdk/client-sesv2';
import type { Mailer, OutboundMail, SentMail } from '../../domain/notifications/ports';
import type { Clock } from '../../domain/shared/clock';
import { composeMessage } from './compose';

/** The one method of `SESv2Client` the mailer uses (tests hand in a fake). */
export interface SesClient {
  send(command: SendEmailCommand): Promise<SendEmailCommandOutput>;
}

export interface SesMailerOptions {
  /** The verified identity mail is sent from (the envelope sender); the From header comes from the mail. */
  readonly fromAddress: string;
  readonly configurationSet?: string;
  /** The region the client sends through: SES names its Message-IDs after it. */
  readonly region: string;
}

/** SES v2 `SendEmail` with raw content: our MIME message as composed, recipients and identity named explicitly. */
export function sendEmailInput(mail: OutboundMail, raw: Uint8Array, options: SesMailerOptions): SendEmailCommandInput {
  return {
    FromEmailAddress: options.fromAddress,
    Destination: { ToAddresses: mail.to.map((to) => to.address) },
    Content: { Raw: { Data: raw } },
    ...(options.configurationSet ? { ConfigurationSetName: options.configurationSet } : {}),
  };
}

/**
 * SES replaces the Message-ID header of every message with its own: `<MessageId@email.amazonses.com>` in us-east-1,
 * `<MessageId@<region>.amazonses.com>` elsewhere. Replies quote that one.
 */
export function sesMessageId(providerId: string, region: string): string {
  const domain = region === 'us-east-1' ? 'email.amazonses.com' : `${region}.amazonses.com`;
  return `<${providerId}@${domain}>`;
}

export class SesMailer implements Mailer {
  constructor(
    private readonly client: SesClient,
    private readonly options: SesMailerOptions,
    private readonly clock: Clock,
  ) {}

  async send(mail: OutboundMail): Promise<SentMail> {
    const raw = await composeMessage(mail, this.clock.now());
    const output = await this.client.send(new SendEmailCommand(sendEmailInput(mail, raw, this.options)));
    if (!output.MessageId) throw new Error('SES accepted the message without returning a MessageId');
    return {
      messageId: mail.messageId,
      deliveredMessageId: sesMessageId(output.MessageId, this.options.region),
      providerId: output.MessageId,
    };
  }
}

/** The Lambda's mailer: one SES v2 client per process, in the region it runs in. */
export function createSesMailer(options: SesMailerOptions, clock: Clock): SesMailer {
  return new SesMailer(new SESv2Client({ region: options.region }), options, clock);
}
