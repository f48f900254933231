import { practiceRouter } from '../kernel/practice-router';
import { refreshCaller } from '../kernel/refresh-caller';
import { slaOperations } from './operations';

/** Lambda entry of the sla practice: business calendars and SLA policies. */
export const handler = practiceRouter('sla', slaOperations, { refreshCaller });
