import { useEffect, useState } from 'react';
import { NavLink, useNavigate, useParams } from 'react-router';
import { ok } from '../../api/client';
import { Pager, useCursorPager } from '../../components/pager';
import { ProblemAlert } from '../../components/problem-alert';
import { TicketTable } from '../../components/ticket-table';
import { useLoad } from '../../components/use-load';
import { useRefresh } from '../../components/use-refresh';
import { formatDateTime, statusLabel } from '../../lib/format';
import { useSession } from '../../session';
import { BulkBar } from './bulk-bar';

const statuses = ['new', 'in_progress', 'on_hold', 'resolved', 'closed'] as const;

/** The queues of the agent's groups: counts per status, P1 first then oldest, cursor paging, kept fresh. */
export default function Queues() {
  const { api } = useSession();
  const { groupId } = useParams();
  const navigate = useNavigate();
  const pager = useCursorPager();
  const groups = useLoad(
    async () =>
      // With member=me the API lists memberships: the ids of my groups.
      ok(await api.GET('/groups', { params: { query: { member: 'me', limit: 100 } } })).items.map((item) =>
        'groupId' in item ? item.groupId : item.id,
      ),
    [api],
  );
  const selected = groupId ?? groups.data?.[0];
  useEffect(() => {
    if (!groupId && selected) navigate(`/agent/queues/${selected}`, { replace: true });
  }, [groupId, selected, navigate]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new queue starts on its first page
  useEffect(() => pager.reset(), [selected]);

  const queue = useLoad(async () => {
    if (!selected) return undefined;
    return {
      ...ok(
        await api.GET('/queues/{groupId}', {
          params: { path: { groupId: selected }, query: { limit: 25, cursor: pager.cursor } },
        }),
      ),
      at: new Date().toISOString(),
    };
  }, [api, selected, pager.cursor]);
  useRefresh(queue.reload);
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  // biome-ignore lint/correctness/useExhaustiveDependencies: another queue or page starts with nothing selected
  useEffect(() => setPicked(new Set()), [selected, pager.cursor]);
  const toggle = (id: string) =>
    setPicked((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <>
      <h1>Queues</h1>
      <ProblemAlert error={groups.error ?? queue.error} />
      {groups.data && groups.data.length === 0 && <p>You are not a member of any group.</p>}
      {groups.data && groups.data.length > 0 && (
        <nav aria-label="My groups" className="tabs">
          <ul>
            {groups.data.map((group) => (
              <li key={group}>
                <NavLink to={`/agent/queues/${group}`}>{group}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {queue.data && (
        <section aria-labelledby="queue-title">
          <div className="page-head">
            <h2 id="queue-title">{queue.data.group.name}</h2>
            <p className="muted" aria-live="polite">
              Updated <time dateTime={queue.data.at}>{formatDateTime(queue.data.at)}</time>{' '}
              <button type="button" className="button-secondary" onClick={() => void queue.reload()}>
                Refresh
              </button>
            </p>
          </div>
          <dl className="counts" aria-label="Tickets per status">
            {statuses.map((status) => (
              <div key={status} className={`count status-${status}`}>
                <dt>{statusLabel(status)}</dt>
                <dd>{queue.data?.counts[status]}</dd>
              </div>
            ))}
          </dl>
          <TicketTable
            caption={`${queue.data.group.name} queue, P1 first then oldest`}
            items={queue.data.items}
            linkBase="/agent/tickets"
            showAssignee
            select={{ selected: picked, toggle }}
          />
          <BulkBar
            selected={picked}
            items={queue.data.items}
            onDone={() => {
              setPicked(new Set());
              void queue.reload();
            }}
          />
          <Pager page={pager.page} nextCursor={queue.data.nextCursor} onNext={pager.next} onPrevious={pager.previous} />
        </section>
      )}
    </>
  );
}
