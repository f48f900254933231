import { practiceRouter } from '../kernel/practice-router';
import { adminOperations } from './operations';

/** Lambda entry of the admin practice: dead letters and the suppression list. */
export const handler = practiceRouter('admin', adminOperations);
