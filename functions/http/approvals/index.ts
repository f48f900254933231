import { practiceRouter } from '../kernel/practice-router';
import { refreshCaller } from '../kernel/refresh-caller';
import { approvalOperations } from './operations';

/** Lambda entry of the approvals practice (CAB votes on changes). */
export const handler = practiceRouter('approvals', approvalOperations, { refreshCaller });
