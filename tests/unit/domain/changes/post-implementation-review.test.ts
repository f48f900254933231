import { describe, expect, it } from 'vitest';
import { agendaView, agendaWindow } from '../../../../functions/domain/changes/cab-agenda';
import type { Change } from '../../../../functions/domain/changes/change';
import { reviewOpened, reviewToSchedule } from '../../../../functions/domain/changes/post-implementation-review';
import type { AuditEvent, FieldChange } from '../../../../functions/domain/shared/audit';

const implementation = (outcome: string, reviewDueAt = '2026-12-10T10:00:00.000Z') => ({
  outcome,
  notes: 'n',
  completedAt: '2026-12-07T10:00:00.000Z',
  by: { id: 'u-bob', username: 'bob' },
  reviewDueAt,
});

function event(changes: FieldChange[], overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id: '01EVENT',
    recordType: 'change',
    recordId: '01CHANGE',
    action: 'updated',
    actor: { id: 'u-bob', username: 'bob' },
    at: '2026-12-07T10:00:00.000Z',
    changes,
    subject: { number: 'CHG0001001', title: 'T', changeManagerId: 'u-heidi' },
    ...overrides,
  };
}

describe('which change events schedule a review', () => {
  it.each(['implemented', 'failed'])('an implementation recorded as %s', (outcome) => {
    expect(
      reviewToSchedule(event([{ field: 'implementation', before: null, after: implementation(outcome) }])),
    ).toEqual({ changeId: '01CHANGE', reviewDueAt: '2026-12-10T10:00:00.000Z' });
  });

  it.each([
    [
      'another record type',
      event([{ field: 'implementation', before: null, after: implementation('implemented') }], {
        recordType: 'incident',
      }),
    ],
    ['no implementation change', event([{ field: 'title', before: 'a', after: 'b' }])],
    ['an unknown outcome', event([{ field: 'implementation', before: null, after: implementation('maybe') }])],
    ['no due date', event([{ field: 'implementation', before: null, after: implementation('implemented', 'soon') }])],
    [
      'the same outcome again',
      event([{ field: 'implementation', before: implementation('implemented'), after: implementation('implemented') }]),
    ],
  ])('not %s', (_, e) => {
    expect(reviewToSchedule(e)).toBeUndefined();
  });
});

describe('which events tell the change manager a review opened', () => {
  it('a move to review, naming the change manager (or none)', () => {
    expect(reviewOpened(event([{ field: 'status', before: 'implement', after: 'review' }]))).toEqual({
      changeManagerId: 'u-heidi',
    });
    expect(
      reviewOpened(
        event([{ field: 'status', before: 'failed', after: 'review' }], { subject: { changeManagerId: null } }),
      ),
    ).toEqual({ changeManagerId: null });
    expect(reviewOpened(event([{ field: 'status', before: 'review', after: 'closed' }]))).toBeUndefined();
  });
});

describe('the CAB agenda view', () => {
  const change = (number: string, overrides: Partial<Change>): Change =>
    ({
      id: number,
      number,
      title: `Change ${number}`,
      type: 'normal',
      services: [{ kind: 'service', name: 'E-mail' }],
      cis: [],
      status: 'authorize',
      ...overrides,
    }) as Change;

  it('covers the seven days from the firing and names its ISO week', () => {
    expect(agendaWindow('2026-12-07T08:00:00Z')).toEqual({
      week: '2026-W50',
      from: '2026-12-07T08:00:00.000Z',
      to: '2026-12-14T08:00:00.000Z',
    });
    expect(() => agendaWindow('someday')).toThrow();
  });

  it('orders by planned start (unplanned last) and shows risk, window and services', () => {
    const view = agendaView(
      agendaWindow('2026-12-07T08:00:00Z'),
      [
        change('CHG2', {}),
        change('CHG1', {
          plannedStart: '2026-12-08T20:00:00.000Z',
          plannedEnd: '2026-12-08T21:00:00.000Z',
          risk: { level: 'high' } as Change['risk'],
        }),
      ],
      [],
      { changeUrl: (n) => `https://c/changes/${n}`, approvalsUrl: 'https://c/approvals' },
    );
    expect(view.awaiting.map((i) => i.number)).toEqual(['CHG1', 'CHG2']);
    expect(view.awaiting[0]).toMatchObject({
      riskLevel: 'high',
      window: '2026-12-08 20:00 UTC – 2026-12-08 21:00 UTC',
      services: 'E-mail',
      url: 'https://c/changes/CHG1',
    });
    expect(view.awaiting[1]).toMatchObject({ riskLevel: 'not assessed', window: 'not planned yet' });
    expect(view).toMatchObject({ awaitingCount: 2, hasAwaiting: true, comingCount: 0, hasComing: false });
  });
});
