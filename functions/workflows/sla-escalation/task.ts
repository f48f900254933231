import { ids } from '../../compose/caller';
import { incidentSubject } from '../../domain/incidents/subject';
import type { EscalationTaskInput, EscalationTaskResult } from '../../domain/sla/clock';
import { appClock } from '../../shared/clock';
import { incidentRepository } from '../../store/incident-repository';
import { incidentSlaStore } from '../../store/incident-sla-repository';
import { escalate } from './escalate-task';

/** The escalation Task wired to the table: the SLA item, the incident's subject now, the app clock. */
export function runEscalationTask(input: EscalationTaskInput): Promise<EscalationTaskResult> {
  return escalate(
    {
      slas: incidentSlaStore,
      incidentSubject: async (id) => {
        const incident = await incidentRepository.get(id);
        return incident ? incidentSubject(incident) : undefined;
      },
      clock: appClock,
      ids,
    },
    input,
  );
}
