import { describe, expect, it, vi } from 'vitest';

// Until the calendar maths merges: a 24×7-only stand-in (business time = wall-clock time), tests only.
vi.mock('../../../../functions/domain/sla/calendar', () => ({
  addBusinessTime: (start: Date, seconds: number) => new Date(start.getTime() + seconds * 1000),
  businessSecondsBetween: (a: Date, b: Date) => Math.round((b.getTime() - a.getTime()) / 1000),
}));

import type { AuditEvent } from '../../../../functions/domain/shared/audit';
import { type ClockTargets, clockView, emptySla, foldEvents, slaDueAt } from '../../../../functions/domain/sla/clocks';
import type { SlaPolicy } from '../../../../functions/domain/sla/policy';

const policy = (id: string, response: number, resolution: number): SlaPolicy => ({
  id,
  name: id,
  active: true,
  match: { priority: 'P2' as SlaPolicy['match']['priority'] },
  responseTarget: `PT${response}S`,
  resolutionTarget: `PT${resolution}S`,
  calendarId: '24x7',
  warningPercent: 50,
  pauseOn: ['awaiting_customer' as SlaPolicy['pauseOn'][number]],
  escalations: { warning: [], breach: [] },
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 1,
});
const p2 = policy('p2', 3600, 36000);
const p1 = policy('p1', 600, 7200);
const targets = (p: SlaPolicy): ClockTargets => ({
  policy: p,
  calendar: { timezone: 'UTC' } as unknown as ClockTargets['calendar'],
  seconds: { response: Number(p.responseTarget.slice(2, -1)), resolution: Number(p.resolutionTarget.slice(2, -1)) },
});
const targetsFor = (s: { priority: string }) =>
  s.priority === 'P1' ? targets(p1) : s.priority === 'P2' ? targets(p2) : undefined;
const calendarFor = () => targets(p2).calendar;

const t0 = Date.parse('2026-03-02T09:00:00.000Z');
const at = (minutes: number) => new Date(t0 + minutes * 60_000).toISOString();
let seq = 0;
const event = (
  minutes: number,
  action: string,
  subject: Record<string, string | null>,
  extra: Partial<AuditEvent> = {},
): AuditEvent => ({
  id: `01J${String(++seq).padStart(10, '0')}`,
  recordType: 'incident',
  recordId: 'inc-1',
  action,
  actor: { id: 'agent-1', username: 'agent' },
  at: at(minutes),
  changes: [],
  subject: {
    status: 'new',
    priority: 'P2',
    holdReason: null,
    service: null,
    category: null,
    requesterId: 'req-1',
    ...subject,
  },
  ...extra,
});
const fold = (events: AuditEvent[]) => foldEvents(emptySla('inc-1'), events, targetsFor, calendarFor);
const clock = (sla: ReturnType<typeof fold>, kind: string) => sla.clocks.find((c) => c.kind === kind);

describe('clock engine', () => {
  it('starts both clocks at creation on the matching policy; none without a policy', () => {
    const sla = fold([event(0, 'created', {})]);
    expect(clock(sla, 'response')).toMatchObject({ state: 'running', policyId: 'p2', dueAt: at(60), warnAt: at(30) });
    expect(clock(sla, 'resolution')).toMatchObject({ state: 'running', dueAt: at(600) });
    expect(sla.execution).toMatchObject({ generation: 1, name: 'inc-1-1', kind: 'response', breachAt: at(60) });
    expect(slaDueAt(sla)).toBe(at(60));
    expect(fold([event(0, 'created', { priority: 'P4' })]).clocks).toEqual([]);
  });

  it('common path: start gen 1 (response), start gen 2 (resolution), stop', () => {
    const events = [
      event(0, 'created', {}),
      event(5, 'updated', { status: 'in_progress' }),
      event(20, 'updated', { status: 'resolved' }),
    ];
    const after1 = fold(events.slice(0, 1));
    const after2 = foldEvents(after1, events.slice(0, 2), targetsFor, calendarFor);
    const after3 = foldEvents(after2, events, targetsFor, calendarFor);
    expect(after2.execution).toMatchObject({ generation: 2, kind: 'resolution' });
    expect(clock(after2, 'response')).toMatchObject({ state: 'met', metAt: at(5), elapsedSeconds: 300 });
    expect(after3.execution).toBeUndefined();
    expect(after3.generation).toBe(2);
    expect(clock(after3, 'resolution')).toMatchObject({ state: 'met', elapsedSeconds: 1200 });
  });

  it('a public comment by an agent meets the response; by the requester or internal it does not', () => {
    const byRequester = fold([
      event(0, 'created', {}),
      event(1, 'commented', {}, { visibility: 'public', actor: { id: 'req-1', username: 'r' } }),
      event(2, 'commented', {}, { visibility: 'internal' }),
    ]);
    expect(clock(byRequester, 'response')?.state).toBe('running');
    const byAgent = fold([event(0, 'created', {}), event(3, 'commented', {}, { visibility: 'public' })]);
    expect(clock(byAgent, 'response')).toMatchObject({ state: 'met', metAt: at(3) });
  });

  it('pause then resume moves dueAt by exactly the business time paused', () => {
    const sla = fold([
      event(0, 'created', { status: 'in_progress' }),
      event(10, 'updated', { status: 'on_hold', holdReason: 'awaiting_customer' }),
      event(55, 'updated', { status: 'in_progress' }),
    ]);
    expect(clock(sla, 'resolution')).toMatchObject({
      state: 'running',
      elapsedSeconds: 600,
      pausedSeconds: 2700,
      dueAt: at(600 + 45),
    });
  });

  it('holds for a reason the policy does not pause on keep the clocks running', () => {
    const sla = fold([
      event(0, 'created', { status: 'in_progress' }),
      event(10, 'updated', { status: 'on_hold', holdReason: 'awaiting_vendor' }),
    ]);
    expect(clock(sla, 'resolution')).toMatchObject({ state: 'running', dueAt: at(600), pausedSeconds: 0 });
  });

  it('a priority change re-targets keeping the elapsed business time', () => {
    const sla = fold([
      event(0, 'created', { status: 'in_progress' }),
      event(30, 'updated', { status: 'in_progress', priority: 'P1' }),
    ]);
    expect(clock(sla, 'resolution')).toMatchObject({ policyId: 'p1', elapsedSeconds: 1800, dueAt: at(120) });
  });

  it('reopen resumes the resolution clock with its elapsed time kept', () => {
    const sla = fold([
      event(0, 'created', { status: 'in_progress' }),
      event(60, 'updated', { status: 'resolved' }),
      event(200, 'updated', { status: 'in_progress' }),
    ]);
    expect(clock(sla, 'resolution')).toMatchObject({ state: 'running', elapsedSeconds: 3600, dueAt: at(200 + 540) });
    expect(sla.execution?.kind).toBe('resolution');
  });

  it('folding duplicated, shuffled or already-folded events changes nothing', () => {
    const events = [
      event(0, 'created', {}),
      event(5, 'updated', { status: 'in_progress' }),
      event(10, 'updated', { status: 'on_hold', holdReason: 'awaiting_customer' }),
      event(40, 'updated', { status: 'in_progress' }),
    ];
    const once = fold(events);
    expect(fold([...events, ...events].reverse())).toEqual(once);
    expect(foldEvents(once, events, targetsFor, calendarFor)).toEqual(once);
    const stepwise = events.reduce(
      (sla, _e, i) => foldEvents(sla, events.slice(0, i + 1), targetsFor, calendarFor),
      emptySla('inc-1'),
    );
    expect(stepwise.clocks).toEqual(once.clocks);
  });

  it('a clock met after its due time reads breached at dueAt; running elapsed counts up to now', () => {
    const sla = fold([event(0, 'created', {}), event(90, 'updated', { status: 'in_progress' })]);
    const response = clockView(clock(sla, 'response')!, new Date(at(100)), targets(p2).calendar);
    expect(response).toMatchObject({ state: 'breached', breachedAt: at(60), elapsedSeconds: 5400 });
    const resolution = clockView(clock(sla, 'resolution')!, new Date(at(100)), targets(p2).calendar);
    expect(resolution).toMatchObject({ state: 'running', elapsedSeconds: 6000, breachedAt: null });
  });
});
