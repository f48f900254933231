import { practiceRouter } from '../kernel/practice-router';
import { metaOperations } from './operations';

/** Lambda entry of the meta practice: who am I, and the API description. */
export const handler = practiceRouter('meta', metaOperations);
