import { practiceRouter } from '../kernel/practice-router';
import { refreshCaller } from '../kernel/refresh-caller';
import { incidentOperations } from './operations';

/** Lambda entry of the incidents practice. */
export const handler = practiceRouter('incidents', incidentOperations, { refreshCaller });
