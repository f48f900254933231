/**
 * THE conflict checker of scheduling (port `ConflictChecker`, functions/domain/changes/ports.ts): the pure rules of
 * functions/domain/calendar/conflicts.ts over the blackout windows and the change calendar index. Two reads per
 * check: every blackout window (one Query) and the changes overlapping the planned window (one Query on gsi3).
 */
import { conflictCheckerOf } from '../domain/calendar/conflicts';
import type { ConflictChecker } from '../domain/changes/ports';
import { blackoutRepository } from './blackout-repository';
import { changeRepository } from './change-repository';

export const conflictChecker: ConflictChecker = conflictCheckerOf({
  changes: changeRepository,
  blackouts: blackoutRepository,
});
