import { Link } from 'react-router';
import { ok } from '../../api/client';
import { RiskBadge } from '../../components/change-table';
import { ProblemAlert } from '../../components/problem-alert';
import { useLoad } from '../../components/use-load';
import { useRefresh } from '../../components/use-refresh';
import { formatDateTime, humanize } from '../../lib/format';
import { useSession } from '../../session';

/** CAB members and change managers: the approval requests waiting for my vote; each links to its change. */
export default function MyApprovals() {
  const { api } = useSession();
  const pending = useLoad(
    async () =>
      ok(
        await api.GET('/approvals', {
          params: { query: { state: 'pending', limit: 100 } },
        }),
      ).items,
    [api],
  );
  useRefresh(pending.reload);
  return (
    <>
      <h1>My approvals</h1>
      <p className="muted">Changes waiting for your vote. Open one to read it, then approve or reject with a reason.</p>
      <ProblemAlert error={pending.error} />
      {pending.data?.length === 0 && <p className="empty">Nothing waits for your vote.</p>}
      {pending.data && pending.data.length > 0 && (
        <table className="tickets">
          <caption>Approval requests waiting for me</caption>
          <thead>
            <tr>
              <th scope="col">Change</th>
              <th scope="col">Title</th>
              <th scope="col">Type</th>
              <th scope="col">Risk</th>
              <th scope="col">Planned start</th>
              <th scope="col">Asked</th>
            </tr>
          </thead>
          <tbody>
            {pending.data.map((a) => (
              <tr key={`${a.changeId}-${a.round}`} data-number={a.change.number}>
                <td>
                  <Link to={`/changes/${a.change.number}`}>{a.change.number}</Link>
                </td>
                <td>{a.change.title}</td>
                <td>{humanize(a.change.type)}</td>
                <td>
                  <RiskBadge level={a.change.riskLevel} />
                </td>
                <td>
                  {a.change.plannedStart ? (
                    <time dateTime={a.change.plannedStart}>{formatDateTime(a.change.plannedStart)}</time>
                  ) : (
                    '—'
                  )}
                </td>
                <td>
                  <time dateTime={a.requestedAt}>{formatDateTime(a.requestedAt)}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
