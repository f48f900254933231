import { useEffect, useState } from 'react';
import { NavLink, useParams } from 'react-router';
import { type Api, ok } from '../../api/client';
import { Pager, useCursorPager } from '../../components/pager';
import { ProblemAlert } from '../../components/problem-alert';
import { TicketTable } from '../../components/ticket-table';
import { useDefaultRoute } from '../../components/use-default-route';
import { useLoad } from '../../components/use-load';
import { useRefresh } from '../../components/use-refresh';
import { formatDateTime, statusLabel } from '../../lib/format';
import { useSession } from '../../session';
import { BulkBar } from './bulk-bar';

const statuses = ['new', 'in_progress', 'on_hold', 'resolved', 'closed'] as const;

const queuePath = (groupId: string) => `/agent/queues/${encodeURIComponent(groupId)}`;

/** My groups (ids and names) in the API's order, by id: `member=me` lists memberships, the group list their names. */
async function myGroups(api: Api): Promise<{ id: string; name: string }[]> {
  const [memberships, names] = await Promise.all([
    api.GET('/groups', { params: { query: { member: 'me', limit: 100 } } }),
    groupNames(api),
  ]);
  return ok(memberships).items.map((item) => {
    const id = 'groupId' in item ? item.groupId : item.id;
    return { id, name: names.get(id) ?? id };
  });
}

/** Every group's name by id: the desk's groups, a page of 100 at a time. */
async function groupNames(api: Api): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  let cursor: string | undefined;
  do {
    const page = ok(await api.GET('/groups', { params: { query: { limit: 100, cursor } } }));
    for (const item of page.items) if ('name' in item) names.set(item.id, item.name);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return names;
}

/**
 * The queues of the agent's groups: counts per status, P1 first then oldest, cursor paging, kept fresh. The group is
 * the address's (`/agent/queues/:groupId`); the bare address shows my first group and completes itself to it.
 */
export default function Queues() {
  const { api } = useSession();
  const { groupId } = useParams();
  const pager = useCursorPager();
  const groups = useLoad(() => myGroups(api), [api]);
  const first = groups.data?.[0]?.id;
  const selected = groupId ?? first;
  useDefaultRoute(groupId === undefined && first !== undefined ? queuePath(first) : undefined);
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
              <li key={group.id}>
                <NavLink to={queuePath(group.id)}>{group.name}</NavLink>
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
