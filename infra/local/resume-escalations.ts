import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { escalationInput } from '../../functions/dispatch/sla/escalation-starter';
import type { IncidentSla, SlaExecution } from '../../functions/domain/sla/clock';
import type { EscalationWorkflow } from '../../functions/domain/sla/ports';
import { env } from '../../functions/shared/env';
import { dynamo } from '../../functions/store/client';

/** What a stored SLA item must hold for its execution to be resumed. */
type Resumable = Pick<IncidentSla, 'incidentId' | 'generation'> & { readonly execution: SlaExecution };

/**
 * The SLA items that still want an execution. LOCAL ONLY: a filtered Scan of the whole table is fine for the
 * embedded stack's few items; on AWS, Step Functions keeps executions across deploys, so nothing needs resuming.
 */
export async function* storedExecutions(): AsyncGenerator<Resumable> {
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new ScanCommand({
        TableName: env().TABLE_NAME,
        FilterExpression:
          'attribute_exists(#execution) AND attribute_exists(#clocks) AND attribute_exists(#incidentId)',
        ExpressionAttributeNames: { '#execution': 'execution', '#clocks': 'clocks', '#incidentId': 'incidentId' },
        ExclusiveStartKey,
      }),
    );
    for (const item of page.Items ?? []) yield item as Resumable;
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
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
