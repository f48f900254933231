import { describe, expect, it } from 'vitest';
import type { Change } from '../../../../functions/domain/changes/change';
import type { ChangeAuditEvent } from '../../../../functions/domain/changes/ports';
import { changePageView, changeView, historyView } from '../../../../functions/domain/changes/view';

const approval = { round: 2, path: 'cab', executionName: 'c1-2', state: 'pending', taskToken: 'secret-token' } as const;
const change = { id: 'c1', number: 'CHG0001001', status: 'authorize', version: 3, approval } as unknown as Change;

describe('what API readers see of a change', () => {
  it('drops the task token from the approval round and keeps everything else', () => {
    const view = changeView(change);
    expect(view.approval).toEqual({ round: 2, path: 'cab', executionName: 'c1-2', state: 'pending' });
    expect(view).toMatchObject({ id: 'c1', number: 'CHG0001001', status: 'authorize', version: 3 });
    expect(change.approval?.taskToken).toBe('secret-token'); // the stored record is not touched
    expect(JSON.stringify(changePageView({ items: [change], nextCursor: null }))).not.toContain('secret-token');
  });

  it('drops it from the approval field changes of the history, before and after', () => {
    const event = {
      id: 'e1',
      recordType: 'change',
      recordId: 'c1',
      action: 'approval_decided',
      at: '2026-12-07T00:00:00.000Z',
      actor: { id: 'u1', username: 'dave' },
      changes: [
        { field: 'approval', before: approval, after: { ...approval, state: 'approved' } },
        { field: 'status', before: 'authorize', after: 'scheduled' },
      ],
      subject: {},
    } as unknown as ChangeAuditEvent;
    const page = historyView({ items: [event], nextCursor: null });
    expect(JSON.stringify(page)).not.toContain('secret-token');
    expect(page.items[0]?.changes[0]?.after).toMatchObject({ state: 'approved', round: 2 });
    expect(page.items[0]?.changes[1]).toEqual({ field: 'status', before: 'authorize', after: 'scheduled' });
  });
});
