import type { GroupDirectory } from '../groups/ports';
import { diffIncident } from '../incidents/incident';
import type { IncidentRepository } from '../incidents/ports';
import { incidentRecord } from '../incidents/subject';
import { checksFor } from '../incidents/update-incident';
import { isSystemActor } from '../shared/actor';
import { eventBy } from '../shared/audit-trail';
import type { CallerDeps } from '../shared/caller';
import { PreconditionFailedError } from '../shared/errors';
import { escalatedIncident, type IncidentEscalation } from './escalation-actions';

export interface EscalateIncidentDeps extends CallerDeps {
  readonly incidents: Pick<IncidentRepository, 'get' | 'update'>;
  readonly groups: Pick<GroupDirectory, 'get'>;
}

export interface EscalationOutcome {
  /** The fields the update changed (empty: nothing was left to do). */
  readonly changed: readonly string[];
  /** Why a part did not apply (logged by the consumer). */
  readonly notes: readonly string[];
}

/** Another writer kept moving the incident: the dispatcher retries the event (its ledger keeps the rest done). */
export class EscalationConflictError extends Error {
  override readonly name = 'EscalationConflictError';
}

const maxAttempts = 5;

/**
 * Nimbus (the system actor, reason `SLA`) raises the priority of and/or reassigns an incident after an SLA
 * milestone: an ordinary `updated` audit event, conditional on the version read, re-read and decided again on a
 * version conflict. A no-op when nothing is left to do (see `escalatedIncident`); the escalation group must be
 * active (checked first, and confirmed by the write).
 */
export async function escalateIncident(
  incidentId: string,
  escalation: IncidentEscalation,
  deps: EscalateIncidentDeps,
): Promise<EscalationOutcome> {
  if (!isSystemActor(deps.actor)) throw new Error('SLA escalations are made by the system actor');
  const notes: string[] = [];
  let wanted = escalation;
  if (escalation.reassign) {
    const target = await deps.groups.get(escalation.reassign.to);
    if (!target?.active) {
      notes.push(`escalation group ${escalation.reassign.to} is ${target ? 'retired' : 'unknown'}: not reassigned`);
      const { reassign: _dropped, ...rest } = escalation;
      wanted = rest;
    }
  }
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const current = await deps.incidents.get(incidentId);
    if (!current) return { changed: [], notes: [...notes, 'the incident is gone'] };
    const at = deps.clock.now().toISOString();
    const next = escalatedIncident(current, wanted, deps.actor.id, at);
    const diff = diffIncident(current, next);
    if (diff.length === 0) return { changed: [], notes: [...notes, `nothing left to do on ${current.number}`] };
    const stored = { ...next, updatedAt: at, version: current.version + 1 };
    const event = eventBy(deps, incidentRecord(stored), 'updated', at, diff);
    try {
      await deps.incidents.update(stored, current, event, checksFor(current, next, deps.actor.id));
      return { changed: diff.map((change) => change.field), notes };
    } catch (error) {
      if (!(error instanceof PreconditionFailedError)) throw error;
    }
  }
  throw new EscalationConflictError(`${incidentId} kept changing while Nimbus escalated it; the event is retried`);
}
