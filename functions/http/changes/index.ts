import { practiceRouter } from '../kernel/practice-router';
import { refreshCaller } from '../kernel/refresh-caller';
import { changeOperations } from './operations';

/** Lambda entry of the changes practice. */
export const handler = practiceRouter('changes', changeOperations, { refreshCaller });
