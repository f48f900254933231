import { describe, expect, it } from 'vitest';
import { formatDateTime, formatDuration } from '../../../web/src/lib/format';
import { changedFields, describeChanges, mergeTimeline } from '../../../web/src/lib/timeline';

const alice = { id: 'u1', username: 'alice' };

describe('the ticket timeline', () => {
  it('merges comments and audit events oldest first, showing a comment once (not its commented event)', () => {
    const entries = mergeTimeline(
      [{ id: 'c1', body: 'Hi', visibility: 'public', author: alice, createdAt: '2026-01-01T10:05:00Z' }],
      [
        { id: 'e2', action: 'commented', actor: alice, at: '2026-01-01T10:05:00Z', changes: [] },
        { id: 'e3', action: 'updated', actor: alice, at: '2026-01-01T10:09:00Z', changes: [] },
        { id: 'e1', action: 'created', actor: alice, at: '2026-01-01T10:00:00Z', changes: [] },
      ],
    );
    expect(entries.map((e) => (e.kind === 'comment' ? e.comment.id : e.event.id))).toEqual(['e1', 'c1', 'e3']);
  });

  it('describes changes in words', () => {
    expect(
      describeChanges({
        id: 'e',
        action: 'updated',
        actor: alice,
        at: '2026-01-01T10:00:00Z',
        changes: [
          { field: 'status', before: 'new', after: 'on_hold' },
          { field: 'holdReason', before: null, after: 'awaiting_vendor' },
          { field: 'assignee', before: null, after: { id: 'u2', username: 'bob', name: 'Bob Baker' } },
        ],
      }),
    ).toEqual(['Status: New → On hold', 'Hold reason: none → Awaiting vendor', 'Assignee: none → Bob Baker']);
    expect(
      describeChanges(
        {
          id: 'e',
          action: 'updated',
          actor: alice,
          at: '2026-01-01T10:00:00Z',
          changes: [{ field: 'assignee', before: 'u1', after: 'u2' }],
        },
        { u2: 'Bob Baker' },
      ),
    ).toEqual(['Assignee: none → Bob Baker'.replace('none', 'u1')]);
  });

  it('lists what changed between the version a person had and the current one (412)', () => {
    expect(
      changedFields(
        { status: 'new', assignee: undefined, title: 'x', version: 1, updatedAt: 'a' },
        { status: 'in_progress', assignee: 'u2', title: 'x', version: 2, updatedAt: 'b' },
      ),
    ).toEqual(['assignee', 'status']);
  });
});

describe('dates and durations', () => {
  it("reads dates in the viewer's time zone", () => {
    expect(formatDateTime('2026-03-01T23:30:00Z', 'en-GB', 'Europe/Paris')).toBe('2 Mar 2026, 00:30');
    expect(formatDateTime('2026-03-01T23:30:00Z', 'en-GB', 'America/New_York')).toBe('1 Mar 2026, 18:30');
    expect(formatDateTime(undefined)).toBe('—');
  });

  it('formats durations', () => {
    expect(formatDuration(40)).toBe('40 s');
    expect(formatDuration(720)).toBe('12 min');
    expect(formatDuration(3 * 3600 + 300)).toBe('3 h 5 min');
    expect(formatDuration(2 * 86400 + 3600)).toBe('2 d 1 h');
  });
});
