import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyChanges } from '../../../../functions/domain/incidents/apply-changes';
import type { UpdateIncidentInput } from '../../../../functions/domain/incidents/commands';
import {
  holdReasons,
  type Incident,
  type IncidentStatus,
  incidentStatuses,
  resolutionCodes,
  transitions,
} from '../../../../functions/domain/incidents/incident';
import { BusinessRuleError, InvalidTransitionError } from '../../../../functions/domain/shared/errors';
import { type Level, priorityOf } from '../../../../functions/domain/shared/priority';
import { anIncident, aResolvedIncident, bob, now } from '../../support/incidents';

/** An incident in `status` that satisfies that status's own rules. */
function inStatus(status: IncidentStatus): Incident {
  if (status === 'on_hold') return anIncident({ status, holdReason: 'awaiting_vendor' });
  if (status === 'resolved') return aResolvedIncident();
  if (status === 'closed') return aResolvedIncident({ status, closedAt: '2025-03-03T09:00:00.000Z' });
  return anIncident({ status });
}

/** The fields a move into `status` must bring along. */
function completing(status: IncidentStatus): UpdateIncidentInput {
  if (status === 'on_hold') return { status, holdReason: 'awaiting_caller' };
  if (status === 'resolved') return { status, resolutionCode: 'solved_workaround', resolutionNotes: 'Restarted it.' };
  return { status };
}

function caught(act: () => unknown): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error('expected the change to be refused');
}

describe('applyChanges — lifecycle', () => {
  it('moves along every allowed transition and refuses every other, naming the allowed moves', () => {
    const status = fc.constantFrom(...incidentStatuses);
    fc.assert(
      fc.property(status, status, (from, to) => {
        const current = inStatus(from);
        const act = () => applyChanges(current, completing(to), bob.id, now);
        if (from === 'closed') {
          expect(act).toThrow(BusinessRuleError);
        } else if (from === to || transitions[from].includes(to)) {
          expect(act().status).toBe(to);
        } else {
          const error = caught(act);
          expect(error).toBeInstanceOf(InvalidTransitionError);
          expect((error as InvalidTransitionError).details).toEqual({ from, to, allowed: transitions[from] });
        }
      }),
    );
  });

  it('refuses to close a new incident with a 422 naming the allowed moves', () => {
    // Act
    const error = caught(() => applyChanges(anIncident(), { status: 'closed' }, bob.id, now));
    // Assess
    expect(error).toBeInstanceOf(InvalidTransitionError);
    expect(error).toMatchObject({
      status: 422,
      code: 'INVALID_TRANSITION',
      message: 'An incident cannot move from new to closed',
      details: { allowed: ['in_progress', 'on_hold', 'resolved'] },
    });
  });

  it('treats a closed incident as final, whatever the change', () => {
    const closed = inStatus('closed');
    const error = caught(() => applyChanges(closed, { title: 'Rename after closing' }, bob.id, now));
    expect(error).toBeInstanceOf(BusinessRuleError);
    expect(error).toMatchObject({ code: 'INCIDENT_CLOSED', status: 422 });
    expect((error as Error).message).toContain(closed.number);
  });
});

describe('applyChanges — on hold', () => {
  it('needs a hold reason to put an incident on hold', () => {
    const error = caught(() => applyChanges(anIncident({ status: 'in_progress' }), { status: 'on_hold' }, bob.id, now));
    expect(error).toMatchObject({
      code: 'HOLD_REASON_REQUIRED',
      errors: [{ path: 'holdReason', message: 'Required when the status is on_hold' }],
    });
  });

  it('records the hold reason, keeps it while on hold and drops it when work resumes', () => {
    // Prepare
    const held = applyChanges(anIncident(), { status: 'on_hold', holdReason: 'awaiting_vendor' }, bob.id, now);
    // Act
    const stillHeld = applyChanges(held, { urgency: 1 }, bob.id, now);
    const resumed = applyChanges(stillHeld, { status: 'in_progress' }, bob.id, now);
    // Assess
    expect(held.holdReason).toBe('awaiting_vendor');
    expect(stillHeld.holdReason).toBe('awaiting_vendor');
    expect(resumed.holdReason).toBeUndefined();
  });

  it('changes the reason of an incident already on hold', () => {
    const held = inStatus('on_hold');
    expect(applyChanges(held, { holdReason: 'awaiting_change' }, bob.id, now).holdReason).toBe('awaiting_change');
  });

  it('refuses a hold reason on an incident that is not on hold', () => {
    const error = caught(() =>
      applyChanges(anIncident({ status: 'in_progress' }), { holdReason: 'awaiting_caller' }, bob.id, now),
    );
    expect(error).toMatchObject({ code: 'HOLD_REASON_NOT_ALLOWED', errors: [{ path: 'holdReason' }] });
  });
});

describe('applyChanges — resolving, reopening, closing', () => {
  it('needs both a resolution code and notes to resolve, naming each missing field', () => {
    const error = caught(() =>
      applyChanges(anIncident({ status: 'in_progress' }), { status: 'resolved' }, bob.id, now),
    );
    expect(error).toBeInstanceOf(BusinessRuleError);
    expect(error).toMatchObject({
      code: 'RESOLUTION_REQUIRED',
      errors: [
        { path: 'resolutionCode', message: 'Required when resolving' },
        { path: 'resolutionNotes', message: 'Required when resolving' },
      ],
    });
  });

  it('names only the missing one when a code comes without notes', () => {
    const error = caught(() =>
      applyChanges(anIncident(), { status: 'resolved', resolutionCode: 'duplicate' }, bob.id, now),
    );
    expect(error).toMatchObject({ errors: [{ path: 'resolutionNotes' }] });
  });

  it('stamps who resolved it and when', () => {
    const resolved = applyChanges(
      anIncident({ status: 'in_progress' }),
      { status: 'resolved', resolutionCode: 'solved_by_change', resolutionNotes: 'CHG0001002 fixed it.' },
      bob.id,
      now,
    );
    expect(resolved).toMatchObject({
      status: 'resolved',
      resolutionCode: 'solved_by_change',
      resolutionNotes: 'CHG0001002 fixed it.',
      resolvedAt: now,
      resolvedBy: bob.id,
    });
  });

  it('keeps the original resolution time when the notes of a resolved incident are corrected', () => {
    const resolved = inStatus('resolved');
    const corrected = applyChanges(resolved, { resolutionNotes: 'Replaced the fuser unit.' }, 'someone-else', now);
    expect(corrected.resolutionNotes).toBe('Replaced the fuser unit.');
    expect(corrected.resolvedAt).toBe(resolved.resolvedAt);
    expect(corrected.resolvedBy).toBe(resolved.resolvedBy);
  });

  it('refuses resolution fields on an incident that is not being resolved', () => {
    const error = caught(() =>
      applyChanges(
        anIncident({ status: 'in_progress' }),
        { resolutionCode: 'duplicate', resolutionNotes: 'Same as INC0001000' },
        bob.id,
        now,
      ),
    );
    expect(error).toMatchObject({
      code: 'RESOLUTION_NOT_ALLOWED',
      errors: [{ path: 'resolutionCode' }, { path: 'resolutionNotes' }],
    });
  });

  it('reopens a resolved incident: the resolution is cleared and the reopen counted', () => {
    // Prepare
    const resolved = aResolvedIncident({ reopenCount: 1 });
    // Act
    const reopened = applyChanges(resolved, { status: 'in_progress' }, 'user-alice', now);
    // Assess
    expect(reopened.status).toBe('in_progress');
    expect(reopened.reopenCount).toBe(2);
    expect(reopened.resolutionCode).toBeUndefined();
    expect(reopened.resolutionNotes).toBeUndefined();
    expect(reopened.resolvedAt).toBeUndefined();
    expect(reopened.resolvedBy).toBeUndefined();
  });

  it('closes a resolved incident, keeping its resolution and stamping closedAt', () => {
    const resolved = inStatus('resolved');
    const closed = applyChanges(resolved, { status: 'closed' }, 'user-alice', now);
    expect(closed).toMatchObject({
      status: 'closed',
      closedAt: now,
      resolutionCode: resolved.resolutionCode,
      reopenCount: 0,
    });
  });

  it('accepts every resolution code and hold reason the API offers', () => {
    fc.assert(
      fc.property(fc.constantFrom(...resolutionCodes), fc.constantFrom(...holdReasons), (code, reason) => {
        const held = applyChanges(anIncident(), { status: 'on_hold', holdReason: reason }, bob.id, now);
        const resolved = applyChanges(
          held,
          { status: 'resolved', resolutionCode: code, resolutionNotes: 'x' },
          bob.id,
          now,
        );
        expect(resolved).toMatchObject({ status: 'resolved', resolutionCode: code, holdReason: undefined });
      }),
    );
  });
});

describe('applyChanges — fields', () => {
  it('recomputes the priority from the new impact and urgency', () => {
    const level = fc.constantFrom<Level>(1, 2, 3);
    fc.assert(
      fc.property(
        level,
        level,
        fc.option(level, { nil: undefined }),
        fc.option(level, { nil: undefined }),
        (i, u, ni, nu) => {
          const current = anIncident({ impact: i, urgency: u });
          const next = applyChanges(current, { impact: ni, urgency: nu }, bob.id, now);
          expect(next.priority).toBe(priorityOf(ni ?? i, nu ?? u));
        },
      ),
    );
  });

  it('clears an optional field sent as null and keeps one left out', () => {
    // Prepare
    const current = anIncident({ category: 'hardware', assignmentGroup: 'desk', assignee: 'bob', ciId: 'ci-1' });
    // Act
    const next = applyChanges(current, { assignee: null, ciId: null, category: 'printers' }, bob.id, now);
    // Assess
    expect(next.assignee).toBeUndefined();
    expect(next.ciId).toBeUndefined();
    expect(next.category).toBe('printers');
    expect(next.assignmentGroup).toBe('desk');
  });

  it('does not touch the version, the requester or the timestamps (the use case owns them)', () => {
    const current = anIncident({ version: 7 });
    const next = applyChanges(current, { title: 'Printer jammed again' }, bob.id, now);
    expect(next).toMatchObject({ version: 7, requester: current.requester, updatedAt: current.updatedAt });
    expect(next.title).toBe('Printer jammed again');
  });
});
