import { Link } from 'react-router';
import { ok } from '../../api/client';
import { Pager, useCursorPager } from '../../components/pager';
import { ProblemAlert } from '../../components/problem-alert';
import { TicketTable } from '../../components/ticket-table';
import { useLoad } from '../../components/use-load';
import { useSession } from '../../session';

/** The requester's portal home: the tickets they raised and the ones they watch, with status. */
export default function MyTickets() {
  const { api } = useSession();
  const mine = useCursorPager();
  const watching = useCursorPager();
  const raised = useLoad(
    async () =>
      ok(await api.GET('/incidents', { params: { query: { requester: 'me', limit: 20, cursor: mine.cursor } } })),
    [api, mine.cursor],
  );
  const watched = useLoad(
    async () =>
      ok(await api.GET('/incidents', { params: { query: { watching: 'me', limit: 20, cursor: watching.cursor } } })),
    [api, watching.cursor],
  );
  return (
    <>
      <div className="page-head">
        <h1>My tickets</h1>
        <Link className="button" to="/portal/new">
          Raise an incident
        </Link>
      </div>
      <section aria-labelledby="raised-title">
        <h2 id="raised-title">Raised by me</h2>
        <ProblemAlert error={raised.error} />
        {raised.data && (
          <>
            <TicketTable caption="Tickets I raised" items={raised.data.items} linkBase="/portal/tickets" />
            <Pager page={mine.page} nextCursor={raised.data.nextCursor} onNext={mine.next} onPrevious={mine.previous} />
          </>
        )}
      </section>
      <section aria-labelledby="watching-title">
        <h2 id="watching-title">Watching</h2>
        <ProblemAlert error={watched.error} />
        {watched.data && (
          <>
            <TicketTable caption="Tickets I watch" items={watched.data.items} linkBase="/portal/tickets" />
            <Pager
              page={watching.page}
              nextCursor={watched.data.nextCursor}
              onNext={watching.next}
              onPrevious={watching.previous}
            />
          </>
        )}
      </section>
    </>
  );
}
