/**
 * The desk's mail identity and the SES settings, from the environment (CDK sets them from context on AWS; the local
 * stack relies on the defaults). Read once by whoever composes the notifications consumer.
 */
import * as z from 'zod/mini';
import type { DeskMailConfig } from '../../domain/notifications/ports';
import type { SesMailerOptions } from './ses-mailer';

const hostname = z.string().check(z.regex(/^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$/, 'Use a domain name'));

const mailEnvSchema = z.object({
  /** The desk's address: From of every notification (an SES-verified identity on AWS). */
  MAIL_FROM: z._default(z.email(), 'desk@nimbus.localhost'),
  MAIL_FROM_NAME: z._default(z.string().check(z.minLength(1)), 'Nimbus Service Desk'),
  /** Where replies go (e-mail intake's address); the From address when unset. */
  MAIL_REPLY_TO: z.optional(z.email()),
  /** Right-hand side of our Message-IDs; the From address's domain when unset. */
  MAIL_MESSAGE_ID_DOMAIN: z.optional(hostname),
  /** Where people follow their tickets: the console, or the API's base URL until the console exists. */
  PORTAL_URL: z._default(z.url(), 'http://127.0.0.1:4010'),
  SES_CONFIGURATION_SET: z.optional(z.string().check(z.minLength(1))),
  AWS_REGION: z._default(z.string().check(z.minLength(1)), 'us-east-1'),
});

type MailEnv = z.output<typeof mailEnvSchema>;

function mailEnv(env: NodeJS.ProcessEnv): MailEnv {
  // Empty variables count as unset (CDK and shells pass them that way).
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  return mailEnvSchema.parse(set);
}

export function deskMailConfig(env: NodeJS.ProcessEnv = process.env): DeskMailConfig {
  const e = mailEnv(env);
  const from = { address: e.MAIL_FROM.toLowerCase(), name: e.MAIL_FROM_NAME };
  return {
    from,
    replyTo: e.MAIL_REPLY_TO ? { address: e.MAIL_REPLY_TO.toLowerCase(), name: from.name } : from,
    messageIdDomain: e.MAIL_MESSAGE_ID_DOMAIN ?? from.address.split('@')[1],
    portalUrl: e.PORTAL_URL,
  };
}

export function sesMailerOptions(env: NodeJS.ProcessEnv = process.env): SesMailerOptions {
  const e = mailEnv(env);
  return {
    fromAddress: e.MAIL_FROM.toLowerCase(),
    region: e.AWS_REGION,
    ...(e.SES_CONFIGURATION_SET ? { configurationSet: e.SES_CONFIGURATION_SET } : {}),
  };
}
