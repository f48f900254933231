import { Link } from 'react-router';
import type { Incident } from '../api/client';
import { formatDateTime } from '../lib/format';
import { PriorityBadge, StatusBadge } from './status-badge';

/** A list of tickets; each number links to its page (portal or agent workspace). */
export function TicketTable({
  caption,
  items,
  linkBase,
  showAssignee = false,
  select,
}: {
  caption: string;
  items: readonly Incident[];
  linkBase: string;
  showAssignee?: boolean;
  select?: { selected: ReadonlySet<string>; toggle(id: string): void };
}) {
  if (items.length === 0) return <p className="empty">No tickets.</p>;
  return (
    <table className="tickets">
      <caption>{caption}</caption>
      <thead>
        <tr>
          {select && (
            <th scope="col">
              <span className="visually-hidden">Select</span>
            </th>
          )}
          <th scope="col">Number</th>
          <th scope="col">Title</th>
          <th scope="col">Priority</th>
          <th scope="col">Status</th>
          {showAssignee && <th scope="col">Assignee</th>}
          <th scope="col">Raised</th>
        </tr>
      </thead>
      <tbody>
        {items.map((incident) => (
          <tr key={incident.id} data-number={incident.number}>
            {select && (
              <td>
                <input
                  type="checkbox"
                  aria-label={`Select ${incident.number}`}
                  checked={select.selected.has(incident.id)}
                  onChange={() => select.toggle(incident.id)}
                />
              </td>
            )}
            <td>
              <Link to={`${linkBase}/${incident.number}`}>{incident.number}</Link>
            </td>
            <td>
              {incident.major && <span className="badge badge-major">Major</span>} {incident.title}
            </td>
            <td>
              <PriorityBadge priority={incident.priority} />
            </td>
            <td>
              <StatusBadge status={incident.status} />
            </td>
            {showAssignee && <td>{incident.assigneeName ?? incident.assignee ?? '—'}</td>}
            <td>
              <time dateTime={incident.createdAt}>{formatDateTime(incident.createdAt)}</time>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
