/**
 * TEMPORARY conflict checker (changes-core branch): reports no conflicts. The calendar part (blackout windows and
 * overlapping changes) replaces this file with the real checker; the change records only depend on the port.
 */
import type { ConflictChecker } from '../domain/changes/ports';

export const conflictChecker: ConflictChecker = {
  async check(_change, now) {
    return { blackouts: [], overlaps: [], checkedAt: now };
  },
};
