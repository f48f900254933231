import { practiceRouter } from '../kernel/practice-router';
import { refreshCaller } from '../kernel/refresh-caller';
import { groupOperations } from './operations';

/** Lambda entry of the assignment groups practice. */
export const handler = practiceRouter('groups', groupOperations, { refreshCaller });
