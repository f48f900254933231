import type { EscalationTaskInput, EscalationTaskResult } from '../../domain/sla/clock';

/** CONTRACT: implemented by the escalation change (re-read the clock, act on the milestone once, or record slaError). */
export async function runEscalationTask(input: EscalationTaskInput): Promise<EscalationTaskResult> {
  throw new Error(`The SLA escalation task is not built yet (${input.milestone} of ${input.incidentId})`);
}
