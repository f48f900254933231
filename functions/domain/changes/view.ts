/**
 * What readers of the API see of a change: everything but the approval round's task token. The token completes the
 * workflow's wait; only the dispatcher needs it (and only the dispatcher may call SendTaskSuccess/Failure), so it
 * stays on the stored record and out of responses and of the history.
 */
import type { FieldChange } from '../shared/audit';
import type { Page } from '../shared/page';
import type { Change, ChangeApproval } from './change';
import type { ChangeAuditEvent } from './ports';

function withoutToken(approval: unknown): unknown {
  if (!approval || typeof approval !== 'object' || !('taskToken' in approval)) return approval;
  const { taskToken: _token, ...rest } = approval as ChangeApproval;
  return rest;
}

export function changeView<C extends Change>(change: C): C {
  return change.approval ? { ...change, approval: withoutToken(change.approval) as ChangeApproval } : change;
}

export function changePageView(page: Page<Change>): Page<Change> {
  return { ...page, items: page.items.map(changeView) };
}

const fieldView = (change: FieldChange): FieldChange =>
  change.field === 'approval'
    ? { ...change, before: withoutToken(change.before), after: withoutToken(change.after) }
    : change;

export function historyView(page: Page<ChangeAuditEvent>): Page<ChangeAuditEvent> {
  return { ...page, items: page.items.map((event) => ({ ...event, changes: event.changes.map(fieldView) })) };
}
