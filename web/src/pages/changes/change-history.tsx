import { ok } from '../../api/client';
import { ProblemAlert } from '../../components/problem-alert';
import { useLoad } from '../../components/use-load';
import { formatDateTime, humanize } from '../../lib/format';
import { describeChanges, type Names } from '../../lib/timeline';
import { useSession } from '../../session';

const actions: Record<string, string> = {
  created: 'raised the change',
  updated: 'changed the change',
  approval_requested: 'asked for approval',
  voted: 'voted',
  approval_decided: 'recorded the decision',
  approval_escalated: 'escalated the approval to the change manager',
  approved: 'approved the change',
  rejected: 'rejected the change',
  expired: 'expired the approval',
  conflicts_checked: 'checked the schedule for conflicts',
  implementation_recorded: 'recorded the implementation',
  review_opened: 'opened the post-implementation review',
  reviewed: 'reviewed the change',
};

/** The change's audit trail, oldest first: who did what, and each changed field before → after. */
export function ChangeHistory({ changeId, version, names }: { changeId: string; version: number; names: Names }) {
  const { api } = useSession();
  const history = useLoad(
    async () =>
      ok(
        await api.GET('/changes/{id}/history', {
          params: { path: { id: changeId }, query: { limit: 100 } },
        }),
      ).items,
    [api, changeId, version],
  );
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">History</h2>
      <ProblemAlert error={history.error} />
      {history.data?.length === 0 && <p className="empty">Nothing yet.</p>}
      <ol className="timeline">
        {[...(history.data ?? [])]
          .sort((a, b) => a.at.localeCompare(b.at))
          .map((event) => (
            <li key={event.id} className="entry entry-event" data-action={event.action}>
              <p className="entry-meta">
                <strong>{names[event.actor.id] ?? event.actor.username}</strong>{' '}
                {actions[event.action] ?? humanize(event.action)}{' '}
                <time dateTime={event.at}>{formatDateTime(event.at)}</time>
              </p>
              {event.changes.length > 0 && (
                <ul className="changes">
                  {describeChanges(event, names).map((line) => (
                    <li key={line}>{line}</li>
                  ))}
                </ul>
              )}
            </li>
          ))}
      </ol>
    </section>
  );
}
