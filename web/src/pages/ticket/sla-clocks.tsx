import { ok } from '../../api/client';
import { useLoad } from '../../components/use-load';
import { formatDateTime, formatDuration, humanize } from '../../lib/format';
import { useSession } from '../../session';

/** The incident's SLA clocks (response and resolution): state, due time in the viewer's zone, time used. */
export function SlaClocks({ incidentId, version }: { incidentId: string; version: number }) {
  const { api } = useSession();
  const sla = useLoad(
    async () => ok(await api.GET('/incidents/{id}/sla', { params: { path: { id: incidentId } } })),
    [api, incidentId, version],
  );
  if (!sla.data) return null;
  return (
    <section aria-labelledby="sla-title" className="panel">
      <h2 id="sla-title">SLA</h2>
      {sla.data.clocks.length === 0 ? (
        <p className="empty">No SLA applies.</p>
      ) : (
        <ul className="clocks">
          {sla.data.clocks.map((clock) => (
            <li key={clock.kind} className={`clock clock-${clock.state}`}>
              <strong>{humanize(clock.kind)}</strong> ({clock.target}):{' '}
              <span className="clock-state">{clock.state}</span>
              {clock.dueAt && (
                <>
                  , due <time dateTime={clock.dueAt}>{formatDateTime(clock.dueAt)}</time>
                </>
              )}
              , {formatDuration(clock.elapsedSeconds)} used
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
