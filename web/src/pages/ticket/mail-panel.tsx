import { useState } from 'react';
import { ok, type View } from '../../api/client';
import { ProblemAlert } from '../../components/problem-alert';
import { useLoad } from '../../components/use-load';
import { formatDateTime } from '../../lib/format';
import { useSession } from '../../session';

type Attachment = View<'listAttachments'>['items'][number];
type Email = View<'listIncidentEmails'>['items'][number];

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The files that came with the ticket's mails: each downloads through a short-lived presigned URL. */
export function Attachments({ incidentId }: { readonly incidentId: string }) {
  const { api } = useSession();
  const [error, setError] = useState<unknown>();
  const list = useLoad(
    async () =>
      ok(await api.GET('/incidents/{id}/attachments', { params: { path: { id: incidentId }, query: { limit: 100 } } }))
        .items,
    [api, incidentId],
  );

  async function download(attachment: Attachment) {
    try {
      const { url } = ok(
        await api.GET('/incidents/{id}/attachments/{attachmentId}', {
          params: { path: { id: incidentId, attachmentId: attachment.id } },
        }),
      );
      setError(undefined);
      // The URL answers with Content-Disposition: attachment, so the browser saves the file and stays here.
      window.location.assign(url);
    } catch (e) {
      setError(e);
    }
  }

  if (!list.data?.length && !list.error) return null;
  return (
    <section aria-labelledby="attachments-title">
      <h2 id="attachments-title">Attachments</h2>
      <ProblemAlert error={error ?? list.error} />
      {list.data && (
        <table className="tickets">
          <caption className="visually-hidden">Files that came with this ticket</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Type</th>
              <th scope="col">Size</th>
              <th scope="col">Received</th>
              <th scope="col">
                <span className="visually-hidden">Download</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((a) => (
              <tr key={a.id} data-attachment={a.filename}>
                <td>{a.filename}</td>
                <td>{a.contentType}</td>
                <td>{formatSize(a.size)}</td>
                <td>{formatDateTime(a.receivedAt)}</td>
                <td>
                  <button
                    type="button"
                    className="button-secondary"
                    aria-label={`Download ${a.filename}`}
                    onClick={() => void download(a)}
                  >
                    Download
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/**
 * The mails the ticket came from: the text, and the sanitised HTML in an iframe with `srcdoc` and `sandbox=""` (no
 * scripts, no forms, an opaque origin; the console's CSP is inherited, so no remote images or inline styles either).
 */
export function OriginalMessages({ incidentId }: { readonly incidentId: string }) {
  const { api } = useSession();
  const list = useLoad(
    async () =>
      ok(await api.GET('/incidents/{id}/emails', { params: { path: { id: incidentId }, query: { limit: 25 } } })).items,
    [api, incidentId],
  );
  if (!list.data?.length && !list.error) return null;
  return (
    <section aria-labelledby="emails-title">
      <h2 id="emails-title">Original message{(list.data?.length ?? 0) > 1 ? 's' : ''}</h2>
      <ProblemAlert error={list.error} />
      {list.data?.map((mail, index) => (
        <Message key={mail.messageId ?? index} mail={mail} />
      ))}
    </section>
  );
}

function Message({ mail }: { readonly mail: Email }) {
  const [view, setView] = useState<'text' | 'html'>('text');
  return (
    <article className="panel original-message" data-email={mail.messageId ?? ''}>
      <p>
        <strong>{mail.subject ?? '(no subject)'}</strong> from {mail.from ?? '(unknown)'},{' '}
        <time dateTime={mail.receivedAt}>{formatDateTime(mail.receivedAt)}</time>
        {mail.outcome === 'comment' ? ' (a reply)' : ''}
      </p>
      {mail.html && (
        <div className="actions">
          <button
            type="button"
            className="button-secondary"
            aria-pressed={view === 'text'}
            onClick={() => setView('text')}
          >
            Text
          </button>
          <button
            type="button"
            className="button-secondary"
            aria-pressed={view === 'html'}
            onClick={() => setView('html')}
          >
            Formatted
          </button>
        </div>
      )}
      {view === 'html' && mail.html ? (
        <iframe className="mail-html" title={`Message: ${mail.subject ?? ''}`} sandbox="" srcDoc={mail.html} />
      ) : (
        <pre className="mail-text">{mail.text ?? ''}</pre>
      )}
    </article>
  );
}
