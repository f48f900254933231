import { escalationInput } from '../../functions/dispatch/sla/escalation-starter';
import type { IncidentSla, SlaExecution } from '../../functions/domain/sla/clock';
import type { EscalationWorkflow } from '../../functions/domain/sla/ports';
import { incidentSlaEntity } from '../../functions/store/entities/incident-sla.entity';

/** What a stored SLA item must hold for its execution to be resumed. */
type Resumable = Pick<IncidentSla, 'incidentId' | 'generation'> & { readonly execution: SlaExecution };

/**
 * The SLA items that still want an execution. LOCAL ONLY: a filtered Scan of the whole table (ElectroDB keeps it to
 * SLA items) is fine for the embedded stack's few items; on AWS, Step Functions keeps executions across deploys, so
 * nothing needs resuming.
 */
export async function* storedExecutions(): AsyncGenerator<Resumable> {
  let cursor: string | null = null;
  do {
    const page: { data: { id: string; generation: number; execution?: unknown }[]; cursor: string | null } =
      await incidentSlaEntity()
        .scan.where(({ execution }, { exists }) => exists(execution))
        .go({ cursor });
    for (const item of page.data) {
      if (item.execution) {
        yield { incidentId: item.id, generation: item.generation, execution: item.execution as SlaExecution };
      }
    }
    cursor = page.cursor;
  } while (cursor);
}

/**
 * On `npm start`: the local runtime keeps executions in memory, so the executions the SLA items say should run are
 * started again (same names and inputs; a milestone already acted on is a no-op for the task). Returns how many.
 */
export async function resumeEscalations(
  workflow: EscalationWorkflow,
  items: AsyncIterable<Resumable> = storedExecutions(),
): Promise<number> {
  let started = 0;
  for await (const item of items) {
    if (item.execution.generation !== item.generation) continue;
    await workflow.start(item.execution.name, escalationInput(item.incidentId, item.execution));
    started++;
  }
  return started;
}
