import { type FormEvent, useCallback, useState } from 'react';
import type { ApprovalRoundView, ChangeView } from '../../api/changes';
import { ok } from '../../api/client';
import { Field } from '../../components/field';
import { fieldsOf, ProblemAlert } from '../../components/problem-alert';
import { useLoad } from '../../components/use-load';
import { useRefresh } from '../../components/use-refresh';
import { formatDateTime, formatDuration, humanize } from '../../lib/format';
import { useSession } from '../../session';

const pathNames: Record<string, string> = {
  'change-manager': 'Change manager',
  cab: 'Change advisory board (CAB)',
  ecab: 'Emergency CAB',
};

export function policyText(policy: ApprovalRoundView['policy']): string {
  if (!policy) return 'no policy';
  if (policy.kind === 'all') return 'every approver must approve';
  if (policy.kind === 'any') return 'one approval is enough';
  return `${policy.approvals} approvals needed`;
}

/**
 * The authorisation of a change: the current round (path, policy, each approver's state) and earlier rounds'
 * results; an approver of the round whose request is pending votes here (the API enforces segregation of duties:
 * its refusal is shown as the problem's detail).
 */
export function ApprovalsPanel({ change, onVoted }: { change: ChangeView; onVoted(): void }) {
  const { api, me } = useSession();
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const [busy, setBusy] = useState(false);
  const approvals = useLoad(
    async () => ok(await api.GET('/changes/{id}/approvals', { params: { path: { id: change.id } } })),
    [api, change.id, change.version, change.approval?.state],
  );
  // The workflow records the round's requests shortly after the change enters `authorize`: look again meanwhile.
  useRefresh(
    useCallback(() => {
      if (change.status === 'authorize') void approvals.reload();
    }, [change.status, approvals.reload]),
    5_000,
  );
  if (!change.approval && !approvals.data?.current) return null;
  const current = approvals.data?.current;
  const mine = current?.requests.find((r) => r.approver.id === me.id);
  const fields = fieldsOf(error);

  async function vote(event: FormEvent<HTMLFormElement>, decision: 'approve' | 'reject') {
    event.preventDefault();
    const form = event.currentTarget;
    const reason = String(new FormData(form).get('reason') ?? '').trim();
    setBusy(true);
    setNotice(undefined);
    try {
      await api.POST('/changes/{id}/approvals', {
        params: { path: { id: change.id } },
        body: { decision, reason },
        headers: { 'Idempotency-Key': crypto.randomUUID() },
      });
      form.reset();
      setError(undefined);
      setNotice(decision === 'approve' ? 'Your approval is recorded.' : 'Your rejection is recorded.');
      await approvals.reload();
      onVoted();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="approvals-title" className="panel">
      <h2 id="approvals-title">Approvals</h2>
      <ProblemAlert error={approvals.error} />
      {current && (
        <>
          <p>
            Round {current.round}: <strong>{pathNames[current.path] ?? current.path}</strong> —{' '}
            {policyText(current.policy)}. State:{' '}
            <span className={`badge approval-${current.state}`}>{humanize(current.state)}</span>
            {current.state === 'pending' ? ` (escalates after ${formatDuration(current.timeout.timeoutSeconds)})` : ''}
          </p>
          <table className="tickets">
            <caption>Approvers of round {current.round}</caption>
            <thead>
              <tr>
                <th scope="col">Approver</th>
                <th scope="col">Vote</th>
                <th scope="col">When</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {current.requests.map((r) => (
                <tr key={r.approver.id} data-approver={r.approver.username} data-state={r.state}>
                  <td>{r.approver.name ?? r.approver.username}</td>
                  <td>
                    <span className={`badge approval-${r.state}`}>{humanize(r.state)}</span>
                  </td>
                  <td>{r.votedAt ? <time dateTime={r.votedAt}>{formatDateTime(r.votedAt)}</time> : '—'}</td>
                  <td>{r.reason ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {!current && change.approval && (
        <p>
          Round {change.approval.round}: {pathNames[change.approval.path] ?? change.approval.path},{' '}
          {humanize(change.approval.state)}.
        </p>
      )}
      <div aria-live="polite">{notice && <p className="alert alert-ok">{notice}</p>}</div>
      <ProblemAlert error={error} />
      {mine?.state === 'pending' && change.status === 'authorize' && (
        <VoteForm busy={busy} reasonError={fields.reason} onVote={vote} />
      )}
      {(approvals.data?.previous ?? []).length > 0 && (
        <details>
          <summary>Earlier rounds</summary>
          <ul>
            {approvals.data?.previous?.map((round) => (
              <li key={round.round}>
                Round {round.round} ({pathNames[round.path] ?? round.path}): {humanize(round.state)} —{' '}
                {round.requests
                  .map((r) => `${r.approver.name ?? r.approver.username} ${humanize(r.state).toLowerCase()}`)
                  .join(', ')}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

function VoteForm({
  busy,
  reasonError,
  onVote,
}: {
  busy: boolean;
  reasonError?: string;
  onVote(event: FormEvent<HTMLFormElement>, decision: 'approve' | 'reject'): void;
}) {
  return (
    <form
      className="form"
      noValidate
      aria-label="Your vote"
      onSubmit={(e) => {
        const submitter = (e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
        onVote(e, submitter?.value === 'reject' ? 'reject' : 'approve');
      }}
    >
      <Field label="Reason" error={reasonError} hint="Why you approve or reject (kept in the change's history).">
        <textarea name="reason" rows={2} />
      </Field>
      <div className="actions">
        <button type="submit" value="approve" disabled={busy}>
          Approve
        </button>
        <button type="submit" value="reject" className="button-danger" disabled={busy}>
          Reject
        </button>
      </div>
    </form>
  );
}
