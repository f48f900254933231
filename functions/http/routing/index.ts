import { practiceRouter } from '../kernel/practice-router';
import { refreshCaller } from '../kernel/refresh-caller';
import { routingOperations } from './operations';

/** Lambda entry of the routing practice: categories, business services and routing rules. */
export const handler = practiceRouter('routing', routingOperations, { refreshCaller });
