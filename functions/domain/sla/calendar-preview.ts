import { ValidationError } from '../shared/errors';
import { parseWith } from '../shared/validation';
import { addBusinessTime, businessSecondsBetween } from './calendar';
import { dueQuerySchema, elapsedQuerySchema } from './calendar-commands';
import type { SlaConfigDeps } from './config-ports';
import { loadCalendar, requireDesk } from './config-records';
import { targetProblem, targetSeconds } from './target-duration';

export interface DuePreview {
  readonly start: string;
  readonly duration: string;
  readonly dueAt: string;
}

/** When `duration` of business time on the calendar, from `start`, ends: what a policy target would give. */
export async function previewDue(id: string, query: unknown, deps: SlaConfigDeps): Promise<DuePreview> {
  requireDesk(deps.actor, 'calendars');
  const q = parseWith(dueQuerySchema, query);
  const problem = targetProblem(q.duration);
  if (problem) throw new ValidationError([{ path: 'duration', message: problem }]);
  const seconds = targetSeconds(q.duration) as number;
  const calendar = await loadCalendar(id, deps);
  const start = new Date(q.start);
  const dueAt = addBusinessTime(start, seconds, calendar);
  return { start: start.toISOString(), duration: q.duration, dueAt: dueAt.toISOString() };
}

/** Business seconds on the calendar in [from, to). */
export async function previewElapsed(id: string, query: unknown, deps: SlaConfigDeps): Promise<{ seconds: number }> {
  requireDesk(deps.actor, 'calendars');
  const q = parseWith(elapsedQuerySchema, query);
  const calendar = await loadCalendar(id, deps);
  return { seconds: businessSecondsBetween(new Date(q.from), new Date(q.to), calendar) };
}
