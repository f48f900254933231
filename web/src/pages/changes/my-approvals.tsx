import { Link } from 'react-router';
import { loose, type MyApprovalView, type PageView } from '../../api/changes';
import { ok } from '../../api/client';
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
        await loose(api).GET<PageView<MyApprovalView>>('/approvals', {
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
              <th scope="col">Round</th>
              <th scope="col">State</th>
              <th scope="col">Asked</th>
            </tr>
          </thead>
          <tbody>
            {pending.data.map((a) => (
              <tr key={`${a.changeId}-${a.round}`} data-number={a.number ?? a.changeId}>
                <td>
                  <Link to={`/changes/${a.number ?? a.changeId}`}>{a.number ?? a.changeId}</Link>
                </td>
                <td>{a.title ?? '—'}</td>
                <td>{a.round}</td>
                <td>{humanize(a.state)}</td>
                <td>{a.requestedAt ? <time dateTime={a.requestedAt}>{formatDateTime(a.requestedAt)}</time> : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
