import type { BlackoutWindow } from '../../../../functions/domain/calendar/blackout';
import type { AffectedItem, Change } from '../../../../functions/domain/changes/change';

export const service = (name: string, id?: string): AffectedItem => ({ kind: 'service', name, ...(id ? { id } : {}) });
export const ci = (name: string): AffectedItem => ({ kind: 'ci', name });

let seq = 0;
export function change(overrides: Partial<Change> = {}): Change {
  seq += 1;
  const n = String(1000 + seq).padStart(7, '0');
  return {
    id: `01JCHANGE${String(seq).padStart(17, '0')}`,
    number: `CHG${n}`,
    title: `Change ${seq}`,
    description: 'Patch the thing',
    type: 'normal',
    services: [],
    cis: [],
    implementationPlan: 'do',
    backoutPlan: 'undo',
    testPlan: 'check',
    plannedStart: '2026-05-01T10:00:00.000Z',
    plannedEnd: '2026-05-01T12:00:00.000Z',
    requester: { id: 'alice', username: 'alice' },
    status: 'scheduled',
    createdAt: '2026-04-01T00:00:00.000Z',
    updatedAt: '2026-04-02T00:00:00.000Z',
    version: 3,
    ...overrides,
  };
}

export function blackout(overrides: Partial<BlackoutWindow> = {}): BlackoutWindow {
  seq += 1;
  return {
    id: `01JBLACKOUT${String(seq).padStart(15, '0')}`,
    name: `Freeze ${seq}`,
    reason: 'Month-end close',
    start: '2026-05-01T00:00:00.000Z',
    end: '2026-05-02T00:00:00.000Z',
    services: [],
    createdAt: '2026-04-01T00:00:00.000Z',
    updatedAt: '2026-04-01T00:00:00.000Z',
    version: 1,
    ...overrides,
  };
}
