import { taskHandler } from '../../shared/middleware/task';
import { runEscalationTask } from './task';

/** The Lambda behind `${EscalationFunctionArn}` in statemachines/sla-escalation.asl.json. */
export const handler = taskHandler(runEscalationTask);
