import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  diffIncident,
  formatIncidentNumber,
  incidentNumberPattern,
  incidentStatuses,
  transitions,
} from '../../../../functions/domain/incidents/incident';
import { type Level, priorityOf } from '../../../../functions/domain/shared/priority';
import { anIncident } from '../../support/incidents';

const level = fc.constantFrom<Level>(1, 2, 3);

describe('priorityOf (ITIL impact × urgency matrix)', () => {
  const matrix: [Level, Level, string][] = [
    [1, 1, 'P1'],
    [1, 2, 'P2'],
    [1, 3, 'P3'],
    [2, 1, 'P2'],
    [2, 2, 'P3'],
    [2, 3, 'P4'],
    [3, 1, 'P3'],
    [3, 2, 'P4'],
    [3, 3, 'P5'],
  ];

  it.each(matrix)('impact %i and urgency %i give %s', (impact, urgency, priority) => {
    expect(priorityOf(impact, urgency)).toBe(priority);
  });

  it('agrees with the published table for every impact and urgency', () => {
    fc.assert(
      fc.property(level, level, (impact, urgency) => {
        const row = matrix.find(([i, u]) => i === impact && u === urgency);
        expect(priorityOf(impact, urgency)).toBe(row?.[2]);
      }),
    );
  });

  it('never ranks an incident lower when its impact or urgency gets worse', () => {
    const rank = (impact: Level, urgency: Level) => Number(priorityOf(impact, urgency).slice(1));
    fc.assert(
      fc.property(level, level, level, (impact, urgency, other) => {
        const worseImpact = Math.min(other, impact) as Level;
        const worseUrgency = Math.min(other, urgency) as Level;
        expect(rank(worseImpact, urgency)).toBeLessThanOrEqual(rank(impact, urgency));
        expect(rank(impact, worseUrgency)).toBeLessThanOrEqual(rank(impact, urgency));
      }),
    );
  });
});

describe('transitions', () => {
  it('makes closed final and lets a resolved incident be reopened or closed', () => {
    expect(transitions.closed).toEqual([]);
    expect([...transitions.resolved].sort()).toEqual(['closed', 'in_progress']);
  });

  it('only closes incidents that were resolved first', () => {
    const closers = incidentStatuses.filter((from) => transitions[from].includes('closed'));
    expect(closers).toEqual(['resolved']);
  });

  it('never lists a status moving to itself or to new', () => {
    for (const from of incidentStatuses) {
      expect(transitions[from]).not.toContain(from);
      expect(transitions[from]).not.toContain('new');
    }
  });
});

describe('diffIncident', () => {
  it('lists every field a new incident sets, from nothing', () => {
    // Prepare
    const created = anIncident({ category: 'hardware' });
    // Act
    const changes = diffIncident(undefined, created);
    // Assess
    expect(changes).toContainEqual({ field: 'title', before: null, after: created.title });
    expect(changes).toContainEqual({ field: 'priority', before: null, after: 'P3' });
    expect(changes).toContainEqual({ field: 'category', before: null, after: 'hardware' });
    expect(changes.map((c) => c.field)).not.toContain('assignee');
  });

  it('reports only what changed, with before and after', () => {
    const before = anIncident({ assignee: 'bob' });
    const after = { ...before, status: 'in_progress' as const, assignee: undefined, version: 2 };
    expect(diffIncident(before, after)).toEqual([
      { field: 'status', before: 'new', after: 'in_progress' },
      { field: 'assignee', before: 'bob', after: null },
    ]);
  });

  it('finds nothing to record when the audited fields are equal', () => {
    const before = anIncident();
    expect(diffIncident(before, { ...before, updatedAt: '2030-01-01T00:00:00.000Z', version: 9 })).toEqual([]);
  });
});

describe('formatIncidentNumber', () => {
  it('pads the sequence to seven digits after INC', () => {
    expect(formatIncidentNumber(1001)).toBe('INC0001001');
  });

  it('yields distinct numbers the number pattern recognises, from seven up to twelve digits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999_999_999 }), fc.nat(), (a, b) => {
        fc.pre(a !== b);
        expect(formatIncidentNumber(a)).toMatch(incidentNumberPattern);
        expect(formatIncidentNumber(a)).not.toBe(formatIncidentNumber(b));
      }),
    );
  });
});
