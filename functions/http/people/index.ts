import { practiceRouter } from '../kernel/practice-router';
import { refreshCaller } from '../kernel/refresh-caller';
import { peopleOperations } from './operations';

/** Lambda entry of the people practice: the people directory (search, read, sync from the identity provider). */
export const handler = practiceRouter('people', peopleOperations, { refreshCaller });
