/**
 * Bounces and complaints SES reports about mail Nimbus sent (configuration set event publishing, `eventType`, or
 * identity feedback notifications, `notificationType`: both shapes are read). A permanent bounce or a complaint puts
 * each named recipient on the suppression list, recorded by the system actor; transient and undetermined bounces,
 * `not-spam` feedback and every other event type change nothing. Re-delivered notifications change nothing either:
 * adding an address that is already suppressed writes nothing.
 */
import { systemActor } from '../shared/actor';
import { ValidationError } from '../shared/errors';
import { addSuppression, type SuppressionDeps } from './suppressions';

export type FeedbackKind = 'bounce' | 'complaint';

/** One address to suppress and why (the suppression's `reason`, starting with `bounce` or `complaint`). */
export interface FeedbackSuppression {
  readonly address: string;
  readonly reason: string;
}

/** What one notification asks for: suppress these addresses, or nothing (and why not). */
export type FeedbackVerdict =
  | { readonly kind: FeedbackKind; readonly suppress: readonly FeedbackSuppression[] }
  | { readonly kind: 'ignored'; readonly why: string };

/** What recording one notification did. */
export interface FeedbackRecorded {
  readonly kind: FeedbackKind | 'ignored';
  /** Newly suppressed addresses. */
  readonly added: readonly string[];
  /** Addresses that were suppressed already (nothing written). */
  readonly unchanged: readonly string[];
  /** Addresses the notification named that are not e-mail addresses (nothing written). */
  readonly invalid: readonly string[];
  readonly why?: string;
}

const maxReason = 500;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

function addressesOf(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((entry) => {
    const address = isObject(entry) ? str(entry.emailAddress) : undefined;
    return address ? [address] : [];
  });
}

/** `text(500)`-safe: one line, at most 500 characters. */
function reasonText(parts: readonly (string | undefined)[]): string {
  const line = parts
    .filter((p): p is string => p !== undefined)
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  return line.length <= maxReason ? line : `${line.slice(0, maxReason - 1)}…`;
}

function bounceVerdict(bounce: unknown): FeedbackVerdict {
  if (!isObject(bounce)) return { kind: 'ignored', why: 'bounce notification without a bounce object' };
  const type = str(bounce.bounceType);
  // SES: Permanent = hard bounce, stop sending; Transient and Undetermined may succeed later.
  if (type !== 'Permanent')
    return { kind: 'ignored', why: `${type ?? 'untyped'} bounce (only permanent bounces suppress)` };
  const subType = str(bounce.bounceSubType);
  const recipients = Array.isArray(bounce.bouncedRecipients) ? bounce.bouncedRecipients : [];
  const suppress = recipients.flatMap((recipient) => {
    if (!isObject(recipient)) return [];
    const address = str(recipient.emailAddress);
    if (!address) return [];
    const detail = [str(recipient.status), str(recipient.diagnosticCode)].filter(Boolean).join(' ');
    return [
      {
        address,
        reason: reasonText([`bounce: ${type}${subType ? `/${subType}` : ''}`, detail ? `(${detail})` : undefined]),
      },
    ];
  });
  return { kind: 'bounce', suppress };
}

function complaintVerdict(complaint: unknown): FeedbackVerdict {
  if (!isObject(complaint)) return { kind: 'ignored', why: 'complaint notification without a complaint object' };
  const feedbackType = str(complaint.complaintFeedbackType);
  // RFC 5965 `not-spam`: the recipient says the mail is wanted.
  if (feedbackType === 'not-spam') return { kind: 'ignored', why: 'not-spam feedback' };
  const reason = reasonText([
    'complaint:',
    feedbackType ?? 'unspecified',
    str(complaint.complaintSubType) ? `(${str(complaint.complaintSubType)})` : undefined,
  ]);
  return {
    kind: 'complaint',
    suppress: addressesOf(complaint.complainedRecipients).map((address) => ({ address, reason })),
  };
}

/** Pure: what an SES notification (parsed JSON) asks of the suppression list. */
export function feedbackVerdict(notification: unknown): FeedbackVerdict {
  if (!isObject(notification)) return { kind: 'ignored', why: 'not a JSON object' };
  const type = str(notification.eventType) ?? str(notification.notificationType);
  if (type === 'Bounce') return bounceVerdict(notification.bounce);
  if (type === 'Complaint') return complaintVerdict(notification.complaint);
  return { kind: 'ignored', why: `${type ?? 'untyped'} notification` };
}

export type MailFeedbackDeps = Omit<SuppressionDeps, 'actor'>;

/**
 * Records one SES notification: each address it asks to suppress is added by the system actor (audited as any admin
 * addition). Addresses SES reports that are not e-mail addresses are skipped and reported, never thrown: retrying would
 * not fix them. Store failures propagate, so the caller's retry (SNS → Lambda) tries again.
 */
export async function recordMailFeedback(notification: unknown, deps: MailFeedbackDeps): Promise<FeedbackRecorded> {
  const verdict = feedbackVerdict(notification);
  if (verdict.kind === 'ignored') return { kind: 'ignored', added: [], unchanged: [], invalid: [], why: verdict.why };
  const actor = systemActor(verdict.kind === 'bounce' ? 'SES permanent bounce' : 'SES complaint');
  const added: string[] = [];
  const unchanged: string[] = [];
  const invalid: string[] = [];
  for (const { address, reason } of verdict.suppress) {
    try {
      const result = await addSuppression({ address, reason }, { ...deps, actor });
      (result.created ? added : unchanged).push(result.value.address);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      invalid.push(address);
    }
  }
  return { kind: verdict.kind, added, unchanged, invalid };
}
