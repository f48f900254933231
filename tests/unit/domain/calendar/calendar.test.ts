import { describe, expect, it } from 'vitest';
import {
  calendarContent,
  calendarRange,
  calendarView,
  readCalendar,
} from '../../../../functions/domain/calendar/calendar';
import type { Actor } from '../../../../functions/domain/shared/actor';
import { BusinessRuleError, ForbiddenError, ValidationError } from '../../../../functions/domain/shared/errors';
import { blackout, change } from './fixtures';

const agent: Actor = { id: 'bob', username: 'bob', roles: ['requester', 'agent'] };
const requester: Actor = { id: 'alice', username: 'alice', roles: ['requester'] };

describe('the calendar range', () => {
  it('normalises both ends to UTC', () => {
    expect(calendarRange({ from: '2026-05-01T02:00:00+02:00', to: '2026-06-01T00:00:00Z' })).toEqual({
      from: '2026-05-01T00:00:00.000Z',
      to: '2026-06-01T00:00:00.000Z',
    });
  });

  it('allows 92 days and refuses 92 days and a second, naming to (422)', () => {
    expect(() => calendarRange({ from: '2026-01-01T00:00:00Z', to: '2026-04-03T00:00:00Z' })).not.toThrow();
    try {
      calendarRange({ from: '2026-01-01T00:00:00Z', to: '2026-04-03T00:00:01Z' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(BusinessRuleError);
      expect((error as BusinessRuleError).status).toBe(422);
      expect((error as BusinessRuleError).errors[0].path).toBe('to');
    }
  });

  it.each([
    [{ from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' }, 'to'],
    [{ from: '2026-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }, 'to'],
    [{ from: 'yesterday', to: '2026-01-01T00:00:00Z' }, 'from'],
    [{ from: '2026-01-01T00:00:00Z' }, 'to'],
    [{ from: '2026-01-01', to: '2026-01-02' }, 'from'],
    [{ from: '2026-02-30T00:00:00Z', to: '2026-03-02T00:00:00Z' }, 'from'],
  ])('refuses %o naming %s (400)', (query, path) => {
    try {
      calendarRange(query);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).errors.map((e) => e.path)).toContain(path);
    }
  });
});

describe('the calendar view', () => {
  const freeze = blackout({
    start: '2026-04-24T22:00:00.000Z',
    end: '2026-04-25T06:00:00.000Z',
    recurrence: 'FREQ=MONTHLY;BYDAY=-1FR',
  });
  const old = blackout({ start: '2025-01-01T00:00:00.000Z', end: '2025-01-02T00:00:00.000Z' });
  const later = change({ plannedStart: '2026-05-10T10:00:00.000Z', plannedEnd: '2026-05-10T11:00:00.000Z' });
  const sooner = change({
    status: 'authorize',
    risk: { answers: [], score: 7, level: 'high', assessedAt: '', assessedBy: agent },
  });
  const deps = {
    actor: agent,
    changes: { listInWindow: async () => [later, sooner] },
    blackouts: { all: async () => [freeze, old] },
  };

  it('lists changes by planned start and each blackout occurrence in the range', async () => {
    const content = await readCalendar({ from: '2026-04-20T00:00:00Z', to: '2026-06-30T00:00:00Z' }, deps);
    expect(content.windows).toEqual([freeze]);
    const view = calendarView(content);
    expect(view.changes.map((c) => c.number)).toEqual([sooner.number, later.number]);
    expect(view.changes[0]).toEqual({
      id: sooner.id,
      number: sooner.number,
      title: sooner.title,
      type: 'normal',
      status: 'authorize',
      riskLevel: 'high',
      plannedStart: sooner.plannedStart,
      plannedEnd: sooner.plannedEnd,
      services: [],
      cis: [],
      conflicts: null,
    });
    expect(view.blackouts).toEqual([
      { id: freeze.id, name: freeze.name, start: '2026-04-24T22:00:00.000Z', end: '2026-04-25T06:00:00.000Z' },
      { id: freeze.id, name: freeze.name, start: '2026-05-29T22:00:00.000Z', end: '2026-05-30T06:00:00.000Z' },
      { id: freeze.id, name: freeze.name, start: '2026-06-26T22:00:00.000Z', end: '2026-06-27T06:00:00.000Z' },
    ]);
  });

  it('asks the change store for the statuses the calendar shows', async () => {
    const asked: unknown[] = [];
    await calendarContent(
      { from: '2026-04-20T00:00:00.000Z', to: '2026-05-20T00:00:00.000Z' },
      {
        ...deps,
        changes: {
          listInWindow: async (...args) => {
            asked.push(args);
            return [];
          },
        },
      },
    );
    expect(asked).toEqual([
      [
        '2026-04-20T00:00:00.000Z',
        '2026-05-20T00:00:00.000Z',
        ['authorize', 'scheduled', 'implement', 'review', 'closed', 'failed'],
      ],
    ]);
  });

  it('is not for requesters (403)', async () => {
    await expect(
      readCalendar({ from: '2026-04-20T00:00:00Z', to: '2026-05-20T00:00:00Z' }, { ...deps, actor: requester }),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });
});
