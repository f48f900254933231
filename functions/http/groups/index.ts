import { practiceRouter } from '../kernel/practice-router';
import { groupOperations } from './operations';

/** Lambda entry of the assignment groups practice. */
export const handler = practiceRouter('groups', groupOperations);
