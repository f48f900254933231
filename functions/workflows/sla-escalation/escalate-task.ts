import { systemActor } from '../../domain/shared/actor';
import type { AuditEvent, FieldChange, SubjectValue } from '../../domain/shared/audit';
import type { Clock } from '../../domain/shared/clock';
import type { EscalationTaskInput, EscalationTaskResult, IncidentSla, SlaClock } from '../../domain/sla/clock';
import { clockField } from '../../domain/sla/clock';
import { reconcileExecution } from '../../domain/sla/clocks';
import { decideMilestone, withClock, withError } from '../../domain/sla/escalate';
import type { IncidentSlaStore } from '../../domain/sla/ports';

export interface EscalationTaskDeps {
  readonly slas: IncidentSlaStore;
  /** The incident's audit subject as it stands now (undefined: the incident is gone). */
  readonly incidentSubject: (incidentId: string) => Promise<Readonly<Record<string, SubjectValue>> | undefined>;
  readonly clock: Clock;
  readonly ids: { next(): string };
}

/** A stale save means another writer moved the item: re-read and decide again, a bounded number of times. */
const maxAttempts = 5;

/** Raised when every attempt met a newer item; a plain Error, so the ASL's States.ALL Retry/Catch handle it. */
export class EscalationContentionError extends Error {
  override readonly name = 'EscalationContentionError';
}

function slaEvent(
  deps: EscalationTaskDeps,
  sla: IncidentSla,
  action: 'sla_warned' | 'sla_breached' | 'sla_error',
  changes: readonly FieldChange[],
  subject: Readonly<Record<string, SubjectValue>> | undefined,
  at: string,
): AuditEvent {
  const { roles: _roles, ...actor } = systemActor('SLA');
  return {
    id: deps.ids.next(),
    recordType: 'incident',
    recordId: sla.incidentId,
    action,
    actor,
    at,
    changes,
    ...(subject ? { subject } : {}),
  };
}

function clockChanges(before: SlaClock, after: SlaClock, sla: IncidentSla): FieldChange[] {
  const changes: FieldChange[] = [{ field: clockField(after.kind), before, after }];
  if (sla.slaError) changes.push({ field: 'slaError', before: sla.slaError, after: null });
  return changes;
}

/**
 * The escalation workflow's Task: re-reads the SLA item, acts on the milestone only while it still holds (see
 * `decideMilestone`), and writes the stamp with its audit event in one conditional transaction. Safe to run twice:
 * the second run finds the stamp and does nothing.
 */
export async function escalate(deps: EscalationTaskDeps, input: EscalationTaskInput): Promise<EscalationTaskResult> {
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const sla = await deps.slas.get(input.incidentId);
    const now = deps.clock.now().toISOString();
    const subject = await deps.incidentSubject(input.incidentId);
    if (!sla || !subject) return { acted: false };
    if (input.milestone === 'error') {
      const next = withError(sla, input, now);
      if (!next) return { acted: false };
      const event = slaEvent(
        deps,
        sla,
        'sla_error',
        [{ field: 'slaError', before: sla.slaError ?? null, after: next.slaError }],
        subject,
        now,
      );
      if (await deps.slas.save(next, sla.version, event)) return { acted: true };
      continue;
    }
    const decision = decideMilestone(sla, { ...input, milestone: input.milestone }, now);
    if (!decision.act) return { acted: false };
    const action = input.milestone === 'warning' ? 'sla_warned' : 'sla_breached';
    const stamped = withClock(sla, decision.after);
    const next = input.milestone === 'breach' ? reconcileExecution(stamped) : stamped;
    const changes = clockChanges(decision.before, decision.after, sla);
    // After a breach the next clock's execution starts; nothing to stop: this execution ends with this task.
    if (next.execution && next.execution.name !== sla.execution?.name) {
      changes.push({ field: 'execution', before: null, after: next.execution ?? null });
    }
    const event = slaEvent(deps, sla, action, changes, subject, now);
    if (await deps.slas.save(next, sla.version, event)) return { acted: true };
  }
  throw new EscalationContentionError(`The SLA item of ${input.incidentId} kept changing; the workflow retries`);
}
