import { formatDateTime } from '../../lib/format';
import { describeAction, describeChanges, type Names, type TimelineEntry } from '../../lib/timeline';

/** Comments, internal notes (visually distinct, and labelled so) and audit events, oldest first. */
export function Timeline({ entries, names }: { entries: readonly TimelineEntry[]; names: Names }) {
  if (entries.length === 0) return <p className="empty">Nothing yet.</p>;
  return (
    <ol className="timeline">
      {entries.map((entry) =>
        entry.kind === 'comment' ? (
          <li
            key={`c-${entry.comment.id}`}
            className={entry.comment.visibility === 'internal' ? 'entry entry-internal' : 'entry entry-comment'}
          >
            <p className="entry-meta">
              <strong>{entry.comment.author.username}</strong>{' '}
              {entry.comment.visibility === 'internal' ? (
                <span className="badge badge-internal">Internal note</span>
              ) : (
                'commented'
              )}{' '}
              <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
            </p>
            <p className="entry-body">{entry.comment.body}</p>
          </li>
        ) : (
          <li key={`e-${entry.event.id}`} className="entry entry-event">
            <p className="entry-meta">
              <strong>{entry.event.actor.username}</strong> {describeAction(entry.event.action)}{' '}
              <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
            </p>
            {entry.event.action === 'updated' && entry.event.changes.length > 0 && (
              <ul className="changes">
                {describeChanges(entry.event, names).map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            )}
          </li>
        ),
      )}
    </ol>
  );
}
