import { ok } from '../../api/client';
import { Pager, useCursorPager } from '../../components/pager';
import { ProblemAlert } from '../../components/problem-alert';
import { TicketTable } from '../../components/ticket-table';
import { useLoad } from '../../components/use-load';
import { useRefresh } from '../../components/use-refresh';
import { useSession } from '../../session';

/** The agent's own open work: `assignee=me`. */
export default function Assigned() {
  const { api } = useSession();
  const pager = useCursorPager();
  const list = useLoad(
    async () =>
      ok(
        await api.GET('/incidents', {
          params: { query: { assignee: 'me', status: 'open', limit: 25, cursor: pager.cursor } },
        }),
      ),
    [api, pager.cursor],
  );
  useRefresh(list.reload);
  return (
    <>
      <h1>Assigned to me</h1>
      <ProblemAlert error={list.error} />
      {list.data && (
        <>
          <TicketTable caption="Open tickets assigned to me" items={list.data.items} linkBase="/agent/tickets" />
          <Pager page={pager.page} nextCursor={list.data.nextCursor} onNext={pager.next} onPrevious={pager.previous} />
        </>
      )}
    </>
  );
}
