import { taskHandler } from '../../shared/middleware/task';
import { runApprovalTask } from './task';

/** The Lambda behind `${ApprovalFunctionArn}` in statemachines/change-approval.asl.json (every step). */
export const handler = taskHandler(runApprovalTask);
