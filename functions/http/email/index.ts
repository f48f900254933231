import { practiceRouter } from '../kernel/practice-router';
import { emailOperations } from './operations';

/** Lambda entry of the e-mail practice: the quarantine and reprocessing of stored mail. */
export const handler = practiceRouter('email', emailOperations);
