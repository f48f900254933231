import { dispatchHandler } from './handler';

/** Lambda entry of the after-commit dispatcher (the table's stream, filtered by stream-filter.ts). */
export const handler = dispatchHandler(process.env);
