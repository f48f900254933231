import type { Node } from 'constructs';
import type { NimbusStackProps } from './stacks/nimbus-stack';

/**
 * Every CDK context key the app reads (`-c key=value` or `context` in cdk.json), documented in the README's deploy
 * section and docs/decisions/0003-cdk-stack-shape.md.
 */
export const contextKeys = [
  'threatProtection',
  'allowOrigins',
  'eventBusName',
  'mailFrom',
  'mailReplyTo',
  'sesIdentity',
  'sesConfigurationSet',
  'alarmEmail',
  'inboundMail',
  'inboundMailRetentionDays',
  'authDomainPrefix',
  'consoleDomain',
  'consoleCertificateArn',
  'cabAgendaTimezone',
  'pirDelayDays',
] as const;
export type ContextKey = (typeof contextKeys)[number];

const address = /^[^\s@<>"]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;
const domain = /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;
/** SES configuration set names: letters, digits, `_` and `-`, at most 64. */
const configurationSetName = /^[A-Za-z0-9_-]{1,64}$/;
/** EventBridge bus names: letters, digits, `.`, `-`, `_`, `/`, at most 256. */
const eventBusName = /^[A-Za-z0-9._/-]{1,256}$/;
/** Cognito domain prefixes: lower-case letters, digits and hyphens, not starting or ending with a hyphen. */
const domainPrefix = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** CloudFront viewer certificates live in us-east-1. */
const usEast1Certificate = /^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[A-Za-z0-9-]+$/;

/** The stack's props from CDK context; a malformed value fails the synth, naming its key. */
export function stackPropsFromContext(node: Node): NimbusStackProps {
  const read = (key: ContextKey): string | undefined => {
    const value: unknown = node.tryGetContext(key);
    if (value === undefined || value === null || value === '') return undefined;
    return String(value).trim();
  };
  const checked = (key: ContextKey, pattern: RegExp, what: string): string | undefined => {
    const value = read(key);
    if (value !== undefined && !pattern.test(value))
      throw new Error(`CDK context ${key} must be ${what}, got ${JSON.stringify(value)}`);
    return value;
  };

  const allowOrigins = read('allowOrigins');
  const mailFrom = checked('mailFrom', address, 'an e-mail address such as service-desk@example.com');
  const mailReplyTo = checked('mailReplyTo', address, 'an e-mail address');
  const sesIdentity = read('sesIdentity');
  if (sesIdentity !== undefined && !address.test(sesIdentity) && !domain.test(sesIdentity))
    throw new Error(
      `CDK context sesIdentity must be a domain or an e-mail address, got ${JSON.stringify(sesIdentity)}`,
    );
  const sesConfigurationSet = checked(
    'sesConfigurationSet',
    configurationSetName,
    'an SES configuration set name (letters, digits, _ and -)',
  );
  if (!mailFrom && (mailReplyTo || sesIdentity || sesConfigurationSet))
    throw new Error('CDK context mailReplyTo, sesIdentity and sesConfigurationSet need mailFrom');

  const inboundMail = inboundMailFrom(read('inboundMail'), read('inboundMailRetentionDays'));
  const consoleDomain = checked('consoleDomain', domain, 'a host name such as itsm.example.com');
  const consoleCertificateArn = checked(
    'consoleCertificateArn',
    usEast1Certificate,
    'the ARN of an ACM certificate in us-east-1 (CloudFront)',
  );
  if (Boolean(consoleDomain) !== Boolean(consoleCertificateArn))
    throw new Error('CDK context consoleDomain and consoleCertificateArn go together');

  const cabAgendaTimezone = read('cabAgendaTimezone');
  if (cabAgendaTimezone !== undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: cabAgendaTimezone });
    } catch {
      throw new Error(
        `CDK context cabAgendaTimezone must be an IANA time zone such as Europe/Berlin, got ${JSON.stringify(cabAgendaTimezone)}`,
      );
    }
  }
  const pirDelay = read('pirDelayDays');
  const pirDelayDays = pirDelay === undefined ? undefined : Number(pirDelay);
  if (pirDelayDays !== undefined && !(Number.isFinite(pirDelayDays) && pirDelayDays > 0 && pirDelayDays <= 365))
    throw new Error(`CDK context pirDelayDays must be a number of days in (0, 365], got ${JSON.stringify(pirDelay)}`);

  return {
    cabAgendaTimezone,
    pirDelayDays,
    threatProtection: read('threatProtection') === 'true',
    allowOrigins: allowOrigins ? allowOrigins.split(',').map((o) => o.trim()) : undefined,
    eventBusName: checked('eventBusName', eventBusName, 'an EventBridge event bus name'),
    mail: mailFrom
      ? { from: mailFrom, replyTo: mailReplyTo, identity: sesIdentity, configurationSetName: sesConfigurationSet }
      : undefined,
    alarmEmail: checked('alarmEmail', address, 'an e-mail address'),
    inboundMail,
    authDomainPrefix: checked(
      'authDomainPrefix',
      domainPrefix,
      'a Cognito domain prefix (lower-case letters, digits and hyphens)',
    ),
    consoleDomain,
    consoleCertificateArn,
  };
}

/** SES accepts at most 100 recipients (addresses or domains) per receipt rule. */
export const maxInboundRecipients = 100;
/** Raw mail is kept this many days unless context `inboundMailRetentionDays` says otherwise. */
export const defaultRawMailRetentionDays = 90;

/**
 * Context `inboundMail` (comma-separated addresses and/or domains SES receives for; lower-cased, de-duplicated) and
 * `inboundMailRetentionDays` (whole days raw mail is kept, 1–3650; needs `inboundMail`).
 */
function inboundMailFrom(
  recipients: string | undefined,
  retention: string | undefined,
): NimbusStackProps['inboundMail'] {
  if (recipients === undefined) {
    if (retention !== undefined) throw new Error('CDK context inboundMailRetentionDays needs inboundMail');
    return undefined;
  }
  const list = [...new Set(recipients.split(',').map((r) => r.trim().toLowerCase()))].filter((r) => r !== '');
  const bad = list.find((r) => !address.test(r) && !domain.test(r));
  if (list.length === 0 || bad !== undefined)
    throw new Error(
      `CDK context inboundMail must be e-mail addresses and/or domains separated by commas, got ${JSON.stringify(bad ?? recipients)}`,
    );
  if (list.length > maxInboundRecipients)
    throw new Error(`CDK context inboundMail names ${list.length} recipients; SES allows ${maxInboundRecipients}`);
  let retentionDays = defaultRawMailRetentionDays;
  if (retention !== undefined) {
    retentionDays = Number(retention);
    if (!/^\d+$/.test(retention) || retentionDays < 1 || retentionDays > 3650)
      throw new Error(
        `CDK context inboundMailRetentionDays must be a whole number of days from 1 to 3650, got ${JSON.stringify(retention)}`,
      );
  }
  return { recipients: list, retentionDays };
}
