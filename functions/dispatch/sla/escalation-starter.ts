import type { AuditEvent, FieldChange } from '../../domain/shared/audit';
import type { EscalationInput, SlaExecution } from '../../domain/sla/clock';
import type { EscalationWorkflow, IncidentSlaStore } from '../../domain/sla/ports';
import type { Consumer } from '../consumer';

export const escalationStarterName = 'sla-escalation-starter';

export interface EscalationStarterDeps {
  readonly workflow: EscalationWorkflow;
  readonly slas: Pick<IncidentSlaStore, 'get'>;
}

function executionChange(event: AuditEvent): FieldChange | undefined {
  return event.changes.find((change) => change.field === 'execution');
}

export function escalationInput(incidentId: string, execution: SlaExecution): EscalationInput {
  return {
    incidentId,
    generation: execution.generation,
    kind: execution.kind,
    wake: { warnAt: execution.warnAt, breachAt: execution.breachAt },
  };
}

/**
 * Keeps one escalation execution per incident in step with its SLA item: the clock engine says in the `execution`
 * change which execution to stop and which to start. Names are `<incident>-<generation>`, so start and stop are
 * idempotent at the workflow too; `once` keeps redeliveries from calling it again.
 */
export function escalationStarter(deps: EscalationStarterDeps): Consumer {
  return {
    name: escalationStarterName,
    wants: (event) =>
      event.recordType === 'incident' && event.action.startsWith('sla_') && executionChange(event) !== undefined,
    async handle(event, { once }) {
      const change = executionChange(event);
      if (!change) return;
      const before = change.before as SlaExecution | null;
      const after = change.after as SlaExecution | null;
      if (before) {
        await once(`${event.id}#stop#${before.name}`, () =>
          deps.workflow.stop(before.name, `superseded by ${after?.name ?? 'no execution'} (${event.action})`),
        );
      }
      if (after) {
        // A redelivered old event must not start a generation the clock engine has moved past.
        const current = await deps.slas.get(event.recordId);
        if (current && current.generation > after.generation) return;
        await once(`${event.id}#start#${after.name}`, () =>
          deps.workflow.start(after.name, escalationInput(event.recordId, after)),
        );
      }
    },
  };
}
