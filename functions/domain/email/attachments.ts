/**
 * Attachments of the mail a ticket came from (or was answered with): listed and downloaded by whoever may read the
 * ticket (its requester, watchers, agents, admins); anyone else gets 404, as for the ticket.
 */
import { loadVisibleIncident } from '../incidents/access';
import type { IncidentDeps } from '../incidents/deps';
import { NotFoundError } from '../shared/errors';
import type { Page } from '../shared/page';
import { pageQuerySchema } from '../shared/schemas';
import { parseWith } from '../shared/validation';
import type { InboundMailStore, MailAttachment } from './intake-ports';

/** Short-lived download links (a presigned S3 GET on AWS and locally). */
export interface AttachmentLinks {
  downloadUrl(attachment: MailAttachment): Promise<{ url: string; expiresAt: string }>;
}

export type AttachmentDeps = IncidentDeps & { readonly mail: InboundMailStore; readonly downloads: AttachmentLinks };

/** What the API shows of an attachment (where it is stored stays inside). */
export interface AttachmentView {
  readonly id: string;
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
  readonly inline: boolean;
  readonly messageId: string | null;
  readonly commentId: string | null;
  readonly receivedAt: string;
}

function view(a: MailAttachment): AttachmentView {
  return {
    id: a.attachmentId,
    filename: a.filename,
    contentType: a.contentType,
    size: a.size,
    inline: a.inline,
    messageId: a.messageId ?? null,
    commentId: a.commentId ?? null,
    receivedAt: a.addedAt,
  };
}

export async function listAttachments(
  idOrNumber: string,
  query: unknown,
  deps: AttachmentDeps,
): Promise<Page<AttachmentView>> {
  const page = parseWith(pageQuerySchema, query);
  const incident = await loadVisibleIncident(idOrNumber, deps);
  const found = await deps.mail.listAttachments(incident.id, page);
  return { items: found.items.map(view), nextCursor: found.nextCursor };
}

export async function attachmentDownload(
  idOrNumber: string,
  attachmentId: string,
  deps: AttachmentDeps,
): Promise<{ url: string; expiresAt: string } & AttachmentView> {
  const incident = await loadVisibleIncident(idOrNumber, deps);
  const found = /^[0-9a-z]{6,40}$/.test(attachmentId)
    ? await deps.mail.getAttachment(incident.id, attachmentId)
    : undefined;
  if (!found) throw new NotFoundError('Attachment');
  return { ...view(found), ...(await deps.downloads.downloadUrl(found)) };
}

/** What the API shows of a mail that became (part of) a ticket: the full text and the sanitised HTML. */
export interface IncidentEmailView {
  readonly messageId: string | null;
  readonly from: string | null;
  readonly subject: string | null;
  readonly receivedAt: string;
  readonly outcome: 'ticket' | 'comment';
  readonly commentId: string | null;
  /** The whole readable text (a reply comment shows only the new part). */
  readonly text: string | null;
  /** The HTML body, sanitised (no script, no event handlers), for clients that render it. */
  readonly html: string | null;
}

export async function listIncidentEmails(
  idOrNumber: string,
  query: unknown,
  deps: AttachmentDeps,
): Promise<Page<IncidentEmailView>> {
  const page = parseWith(pageQuerySchema, query);
  const incident = await loadVisibleIncident(idOrNumber, deps);
  const found = await deps.mail.listByIncident(incident.id, page);
  return {
    items: found.items.map((m) => ({
      messageId: m.messageId ?? null,
      from: m.fromAddress ?? null,
      subject: m.subject ?? null,
      receivedAt: m.receivedAt,
      outcome: m.outcome === 'comment' ? 'comment' : 'ticket',
      commentId: m.commentId ?? null,
      text: m.text ?? null,
      html: m.html ?? null,
    })),
    nextCursor: found.nextCursor,
  };
}
