import { practiceRouter } from '../kernel/practice-router';
import { reportOperations } from './operations';

/**
 * Lambda entry of the reports practice. Read-only table access, so no `refreshCaller` (it writes the caller's
 * person): reports name nobody.
 */
export const handler = practiceRouter('reports', reportOperations);
