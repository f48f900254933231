import { practiceRouter } from '../kernel/practice-router';
import { refreshCaller } from '../kernel/refresh-caller';
import { calendarOperations } from './operations';

/** Lambda entry of the calendar practice: the change calendar, its feeds, blackout windows. */
export const handler = practiceRouter('calendar', calendarOperations, { refreshCaller });
