/**
 * The ticket timeline: comments and audit events in one list, oldest first. `commented` events are the comments
 * themselves (shown once, as the comment); each other event says who changed what.
 */
import { formatDateTime, humanize, statusLabel } from './format';

/** Display names by user id, as far as the page knows them (assignee, requester, the viewer). */
export type Names = Readonly<Record<string, string>>;

export interface TimelineComment {
  readonly id: string;
  readonly body: string;
  readonly visibility: 'public' | 'internal';
  readonly author: { readonly id: string; readonly username: string };
  readonly createdAt: string;
}

export interface TimelineEvent {
  readonly id: string;
  readonly action: string;
  readonly actor: { readonly id: string; readonly username: string };
  readonly at: string;
  readonly visibility?: 'public' | 'internal';
  readonly changes: readonly { readonly field: string; readonly before: unknown; readonly after: unknown }[];
}

export type TimelineEntry =
  | { readonly kind: 'comment'; readonly at: string; readonly comment: TimelineComment }
  | { readonly kind: 'event'; readonly at: string; readonly event: TimelineEvent };

export function mergeTimeline(comments: readonly TimelineComment[], events: readonly TimelineEvent[]): TimelineEntry[] {
  const entries: TimelineEntry[] = [
    ...comments.map((comment) => ({ kind: 'comment' as const, at: comment.createdAt, comment })),
    ...events.filter((e) => e.action !== 'commented').map((event) => ({ kind: 'event' as const, at: event.at, event })),
  ];
  return entries.sort((a, b) => a.at.localeCompare(b.at));
}

const fieldNames: Record<string, string> = {
  status: 'Status',
  assignee: 'Assignee',
  assignmentGroup: 'Group',
  priority: 'Priority',
  holdReason: 'Hold reason',
  resolutionCode: 'Resolution',
  resolutionNotes: 'Resolution notes',
  resolvedAt: 'Resolved at',
  resolvedBy: 'Resolved by',
  closedAt: 'Closed at',
};

const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function valueText(field: string, value: unknown, names: Names): string {
  if (value === null || value === undefined || value === '') return 'none';
  if (typeof value === 'string' && names[value]) return names[value];
  if (typeof value === 'string' && isoInstant.test(value)) return formatDateTime(value);
  if (field === 'status' && typeof value === 'string') return statusLabel(value);
  if ((field === 'holdReason' || field === 'resolutionCode') && typeof value === 'string') return humanize(value);
  if (typeof value === 'object') {
    const named = value as { name?: unknown; username?: unknown };
    return String(named.name ?? named.username ?? JSON.stringify(value));
  }
  return String(value);
}

/** `Status: New → In progress` for each change of an event. */
export function describeChanges(event: TimelineEvent, names: Names = {}): string[] {
  return event.changes.map(
    (c) =>
      `${fieldNames[c.field] ?? humanize(c.field)}: ${valueText(c.field, c.before, names)} → ${valueText(c.field, c.after, names)}`,
  );
}

export function describeAction(action: string): string {
  const words: Record<string, string> = {
    created: 'raised the ticket',
    updated: 'changed the ticket',
    watcher_added: 'added a watcher',
    watcher_removed: 'removed a watcher',
    linked: 'linked a ticket',
    unlinked: 'removed a link',
  };
  if (action.startsWith('sla_')) return `SLA: ${humanize(action.slice(4)).toLowerCase()}`;
  return words[action] ?? humanize(action);
}

/** The fields that differ between the version an agent had and the current one (for a 412). */
export function changedFields<T extends Record<string, unknown>>(mine: T, current: T): string[] {
  const skip = new Set(['version', 'updatedAt']);
  const keys = new Set([...Object.keys(mine), ...Object.keys(current)]);
  return [...keys].filter((k) => !skip.has(k) && JSON.stringify(mine[k]) !== JSON.stringify(current[k])).sort();
}
