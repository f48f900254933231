/**
 * The clock engine's view of the SLA configuration: which policy (and so which targets and calendar) an incident
 * gets, and each calendar by id. Pure: the caller loads the active policies and the calendars first.
 */

import type { CalendarHours } from './calendar';
import { alwaysOpenHours } from './calendar-schema';
import type { CalendarFor, TargetsFor } from './clocks';
import { parseDuration } from './duration';
import { matchPolicy } from './match-policy';
import type { SlaPolicy } from './policy';

export interface SlaRules {
  readonly targetsFor: TargetsFor;
  readonly calendarFor: CalendarFor;
}

/**
 * `calendars` holds every calendar a policy or a running clock refers to. A clock whose calendar is missing (it
 * cannot be deleted, so only an inconsistent table gets here) counts on 24×7 rather than stopping every clock.
 */
export function slaRulesFrom(policies: readonly SlaPolicy[], calendars: ReadonlyMap<string, CalendarHours>): SlaRules {
  const calendarFor: CalendarFor = (id) => calendars.get(id) ?? alwaysOpenHours;
  const targetsFor: TargetsFor = (subject) => {
    const policy = matchPolicy(policies, subject);
    const calendar = policy && calendars.get(policy.calendarId);
    if (!policy || !calendar) return undefined;
    return {
      policy,
      calendar,
      seconds: { response: parseDuration(policy.responseTarget), resolution: parseDuration(policy.resolutionTarget) },
    };
  };
  return { targetsFor, calendarFor };
}
