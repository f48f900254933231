/**
 * SES receipt notifications → the intake core's input. SES publishes one notification per received message once its
 * S3 action has stored the raw MIME (`receipt.action.type` `S3`, with `bucketName` and `objectKey`); the verdicts and
 * the envelope recipients travel in `receipt`, and nowhere else (docs/decisions/0028-ses-inbound-trigger.md). The
 * same `{ receipt, mail }` shape arrives in SES's Lambda-action event (`Records[].ses`), so a local SMTP listener can
 * build one and be read by the same code.
 */
import type { MailVerdicts, VerdictStatus } from '../domain/email/inbound-mail';
import type { StoredMailInput } from './intake';

export type { StoredMailInput };

/** A notification the intake has nothing to do with (not a received message): acknowledged and logged, not retried. */
export interface NotMail {
  readonly ignored: string;
}

/** A notification that claims to be a received message but cannot be read: retried, then dead-lettered. */
export class MalformedReceiptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedReceiptError';
  }
}

const statuses: readonly VerdictStatus[] = ['PASS', 'FAIL', 'GRAY', 'PROCESSING_FAILED', 'DISABLED'];

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function status(value: unknown): VerdictStatus | undefined {
  const raw = isObject(value) ? value.status : value;
  if (typeof raw !== 'string') return undefined;
  const upper = raw.trim().toUpperCase();
  return (statuses as readonly string[]).includes(upper) ? (upper as VerdictStatus) : undefined;
}

/** A header's value from the notification's `mail.headers` (name case-insensitive, first occurrence). */
function header(mail: Json | undefined, name: string): string | undefined {
  const headers = mail?.headers;
  if (!Array.isArray(headers)) return undefined;
  const wanted = name.toLowerCase();
  for (const h of headers) {
    if (isObject(h) && typeof h.name === 'string' && h.name.toLowerCase() === wanted && typeof h.value === 'string')
      return h.value;
  }
  return undefined;
}

/**
 * Verdicts from `receipt` (spam, virus, SPF, DKIM, DMARC); spam and virus fall back on the `X-SES-Spam-Verdict` /
 * `X-SES-Virus-Verdict` headers SES adds when scanning is on. Unknown values are left out (the screening treats a
 * missing verdict as not given).
 */
export function verdictsOf(receipt: Json, mail?: Json): MailVerdicts {
  const verdicts: { -readonly [K in keyof MailVerdicts]: MailVerdicts[K] } = {};
  const spam = status(receipt.spamVerdict) ?? status(header(mail, 'X-SES-Spam-Verdict'));
  const virus = status(receipt.virusVerdict) ?? status(header(mail, 'X-SES-Virus-Verdict'));
  const spf = status(receipt.spfVerdict);
  const dkim = status(receipt.dkimVerdict);
  const dmarc = status(receipt.dmarcVerdict);
  if (spam) verdicts.spam = spam;
  if (virus) verdicts.virus = virus;
  if (spf) verdicts.spf = spf;
  if (dkim) verdicts.dkim = dkim;
  if (dmarc) verdicts.dmarc = dmarc;
  return verdicts;
}

/**
 * The intake input for one `{ receipt, mail }` pair. `expectedBucket` is the function's `MAIL_BUCKET`: a notification
 * naming another bucket is refused (the function may not read it, and must not be pointed at one).
 */
export function storedMailInput(
  ses: { readonly receipt?: unknown; readonly mail?: unknown },
  expectedBucket: string,
): StoredMailInput {
  const { receipt, mail } = ses;
  if (!isObject(receipt)) throw new MalformedReceiptError('The notification has no receipt object');
  const mailObject = isObject(mail) ? mail : undefined;
  const action = receipt.action;
  if (!isObject(action) || action.type !== 'S3')
    throw new MalformedReceiptError(
      `Expected the receipt of an S3 action, got action type ${JSON.stringify(isObject(action) ? action.type : undefined)}`,
    );
  const bucket = action.bucketName;
  if (bucket !== expectedBucket)
    throw new MalformedReceiptError(
      `The message is stored in bucket ${JSON.stringify(bucket)}, not the mail bucket ${JSON.stringify(expectedBucket)}`,
    );
  let key = typeof action.objectKey === 'string' ? action.objectKey : undefined;
  // Older notifications name only the prefix; SES's object key is the prefix plus its message id.
  if (!key && typeof mailObject?.messageId === 'string')
    key = `${typeof action.objectKeyPrefix === 'string' ? action.objectKeyPrefix : ''}${mailObject.messageId}`;
  if (!key) throw new MalformedReceiptError('The receipt names no object key');

  const recipients = Array.isArray(receipt.recipients)
    ? receipt.recipients.filter((r): r is string => typeof r === 'string' && r.trim() !== '').map((r) => r.trim())
    : [];
  if (recipients.length === 0) throw new MalformedReceiptError('The receipt names no recipients');

  const receivedAt =
    typeof mailObject?.timestamp === 'string'
      ? mailObject.timestamp
      : typeof receipt.timestamp === 'string'
        ? receipt.timestamp
        : undefined;
  return {
    bucket,
    key,
    verdicts: verdictsOf(receipt, mailObject),
    recipients,
    ...(receivedAt !== undefined && !Number.isNaN(Date.parse(receivedAt)) ? { receivedAt } : {}),
  };
}

/**
 * One SQS message body (SNS raw delivery: the SES notification itself; an SNS envelope is unwrapped too) → the intake
 * input, or `NotMail` for notifications that are not a received message. Throws MalformedReceiptError otherwise.
 */
export function storedMailFromQueueBody(body: string, expectedBucket: string): StoredMailInput | NotMail {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new MalformedReceiptError('The queue message is not JSON');
  }
  if (isObject(parsed) && parsed.Type === 'Notification' && typeof parsed.Message === 'string') {
    return storedMailFromQueueBody(parsed.Message, expectedBucket);
  }
  if (!isObject(parsed)) throw new MalformedReceiptError('The queue message is not a JSON object');
  if (parsed.notificationType !== 'Received')
    return { ignored: `notificationType ${JSON.stringify(parsed.notificationType)}` };
  return storedMailInput(parsed, expectedBucket);
}
