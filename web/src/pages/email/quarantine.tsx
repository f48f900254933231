import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { etagOf, ok, type View } from '../../api/client';
import { Field } from '../../components/field';
import { Pager, useCursorPager } from '../../components/pager';
import { ProblemAlert } from '../../components/problem-alert';
import { useLoad } from '../../components/use-load';
import { formatDateTime } from '../../lib/format';
import { useSession } from '../../session';

type Entry = View<'getQuarantine'>;
type Reason = Entry['reason'];

const reasons: readonly Reason[] = [
  'spam',
  'virus',
  'auto_reply',
  'bulk',
  'bounce',
  'loop',
  'malformed',
  'no_from',
  'rate_limited',
];

const sender = (entry: Pick<Entry, 'from'>) =>
  entry.from ? (entry.from.name ? `${entry.from.name} <${entry.from.address}>` : entry.from.address) : '(none)';

/** Admins: the mail intake held back (reason filter, cursor paging), each entry's detail and its release. */
export default function Quarantine() {
  const { id } = useParams();
  return id ? <QuarantineEntry id={id} /> : <QuarantineList />;
}

function QuarantineList() {
  const { api } = useSession();
  const [reason, setReason] = useState<Reason | ''>('');
  const pager = useCursorPager();
  const page = useLoad(
    async () =>
      ok(
        await api.GET('/email/quarantine', {
          params: {
            query: { limit: 25, ...(reason ? { reason } : {}), ...(pager.cursor ? { cursor: pager.cursor } : {}) },
          },
        }),
      ),
    [api, reason, pager.cursor],
  );
  return (
    <>
      <h1>E-mail quarantine</h1>
      <p>Messages the desk did not turn into tickets. Release one to open its ticket.</p>
      <Field label="Reason">
        <select
          value={reason}
          onChange={(e) => {
            setReason(e.target.value as Reason | '');
            pager.reset();
          }}
        >
          <option value="">All reasons</option>
          {reasons.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </Field>
      <ProblemAlert error={page.error} />
      {page.data && (
        <>
          {page.data.items.length === 0 ? (
            <p>Nothing is held{reason ? ` for ${reason}` : ''}.</p>
          ) : (
            <table className="tickets">
              <caption>Held and released messages, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Subject</th>
                  <th scope="col">From</th>
                  <th scope="col">Reason</th>
                  <th scope="col">Received</th>
                  <th scope="col">State</th>
                </tr>
              </thead>
              <tbody>
                {page.data.items.map((entry) => (
                  <tr key={entry.id} data-quarantine={entry.id}>
                    <td>
                      <Link to={`/admin/quarantine/${entry.id}`}>{entry.subject || '(no subject)'}</Link>
                    </td>
                    <td>{sender(entry)}</td>
                    <td>{entry.reason}</td>
                    <td>{formatDateTime(entry.receivedAt)}</td>
                    <td>{entry.state === 'released' ? `released → ${entry.number ?? ''}` : 'held'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <Pager page={pager.page} nextCursor={page.data.nextCursor} onNext={pager.next} onPrevious={pager.previous} />
        </>
      )}
    </>
  );
}

function QuarantineEntry({ id }: { readonly id: string }) {
  const { api } = useSession();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const entry = useLoad(async () => {
    const result = await api.GET('/email/quarantine/{id}', { params: { path: { id } } });
    return { entry: ok(result), etag: etagOf(result.response) };
  }, [api, id]);

  async function release() {
    if (!entry.data) return;
    setBusy(true);
    try {
      const result = await api.POST('/email/quarantine/{id}/release', {
        params: { path: { id } },
        headers: { 'If-Match': entry.data.etag, 'Idempotency-Key': crypto.randomUUID() },
      });
      entry.setData({ entry: ok(result), etag: etagOf(result.response) });
      setError(undefined);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const e = entry.data?.entry;
  return (
    <>
      <p>
        <Link to="/admin/quarantine">← E-mail quarantine</Link>
      </p>
      <h1>{e ? e.subject || '(no subject)' : 'Quarantined message'}</h1>
      <ProblemAlert error={error ?? entry.error} />
      {e && (
        <>
          <div aria-live="polite">
            {e.state === 'released' && (
              <p className="alert alert-ok" data-released={e.number}>
                Released{e.releasedAt ? ` ${formatDateTime(e.releasedAt)}` : ''} as ticket{' '}
                {e.number ? <Link to={`/incidents/${e.number}`}>{e.number}</Link> : '(a comment)'}.
              </p>
            )}
          </div>
          <dl className="facts">
            <div>
              <dt>From</dt>
              <dd>{sender(e)}</dd>
            </div>
            <div>
              <dt>To</dt>
              <dd>{e.recipients.join(', ') || '—'}</dd>
            </div>
            <div>
              <dt>Reason</dt>
              <dd>{e.reason}</dd>
            </div>
            <div>
              <dt>Detail</dt>
              <dd>{e.detail}</dd>
            </div>
            <div>
              <dt>Received</dt>
              <dd>{formatDateTime(e.receivedAt)}</dd>
            </div>
            <div>
              <dt>Size</dt>
              <dd>{e.size} bytes</dd>
            </div>
            <div>
              <dt>Message-ID</dt>
              <dd>{e.messageId ?? '—'}</dd>
            </div>
          </dl>
          <h2>Authentication</h2>
          <dl className="facts">
            {(['spam', 'virus', 'spf', 'dkim', 'dmarc'] as const).map((check) => (
              <div key={check}>
                <dt>{check.toUpperCase()}</dt>
                <dd>{e.authentication[check] ?? 'not checked'}</dd>
              </div>
            ))}
          </dl>
          <h2>Headers</h2>
          {Object.keys(e.headers).length === 0 ? (
            <p>No headers kept.</p>
          ) : (
            <dl className="facts headers">
              {Object.entries(e.headers).map(([name, value]) => (
                <div key={name}>
                  <dt>{name}</dt>
                  <dd>{value}</dd>
                </div>
              ))}
            </dl>
          )}
          {e.state === 'held' && (
            <button type="button" onClick={() => void release()} disabled={busy}>
              {busy ? 'Releasing…' : 'Release into a ticket'}
            </button>
          )}
        </>
      )}
    </>
  );
}
