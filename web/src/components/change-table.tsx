import { Link } from 'react-router';
import type { ChangeView } from '../api/changes';
import { changeStatusLabel, riskLevelLabel } from '../lib/change-workflow';
import { formatDateTime, humanize } from '../lib/format';

export function ChangeStatusBadge({ status }: { status: string }) {
  return <span className={`badge change-${status}`}>{changeStatusLabel(status)}</span>;
}

export function RiskBadge({ level }: { level?: string | null }) {
  if (!level) return <span className="muted">Not assessed</span>;
  return <span className={`badge risk-${level}`}>{riskLevelLabel(level)}</span>;
}

/** A list of changes; each number links to the change page. */
export function ChangeTable({ caption, items }: { caption: string; items: readonly ChangeView[] }) {
  if (items.length === 0) return <p className="empty">No changes.</p>;
  return (
    <table className="tickets">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Number</th>
          <th scope="col">Title</th>
          <th scope="col">Type</th>
          <th scope="col">Risk</th>
          <th scope="col">Status</th>
          <th scope="col">Planned start</th>
        </tr>
      </thead>
      <tbody>
        {items.map((change) => (
          <tr key={change.id} data-number={change.number} data-status={change.status}>
            <td>
              <Link to={`/changes/${change.number}`}>{change.number}</Link>
            </td>
            <td>{change.title}</td>
            <td>{humanize(change.type)}</td>
            <td>
              <RiskBadge level={change.risk?.level} />
            </td>
            <td>
              <ChangeStatusBadge status={change.status} />
            </td>
            <td>
              {change.plannedStart ? (
                <time dateTime={change.plannedStart}>{formatDateTime(change.plannedStart)}</time>
              ) : (
                '—'
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
