/** Calendars and policies as records: who may read them, how their ids look, their audit trail and references. */
import { type Actor, isFulfiller } from '../shared/actor';
import type { FieldChange } from '../shared/audit';
import { diffFields } from '../shared/audit-trail';
import { BusinessRuleError, ForbiddenError, NotFoundError } from '../shared/errors';
import { slugPattern, ulidPattern } from '../shared/ids';
import type { ReferenceCheck } from '../shared/references';
import { alwaysOpenCalendarId, type BusinessCalendar } from './calendar';
import type { SlaConfigDeps } from './config-ports';
import type { SlaPolicy } from './policy';

/** Agents and admins read calendars and policies (the SLA of their tickets); requesters do not. */
export function requireDesk(actor: Actor, what: string): void {
  if (!isFulfiller(actor)) throw new ForbiddenError(`read ${what}`);
}

const knownId = (id: string) => id === alwaysOpenCalendarId || slugPattern.test(id) || ulidPattern.test(id);

export async function loadCalendar(id: string, { calendars }: Pick<SlaConfigDeps, 'calendars'>) {
  const calendar = knownId(id) ? await calendars.get(id) : undefined;
  if (!calendar) throw new NotFoundError('Calendar');
  return calendar;
}

export async function loadPolicy(id: string, { policies }: Pick<SlaConfigDeps, 'policies'>) {
  const policy = knownId(id) ? await policies.get(id) : undefined;
  if (!policy) throw new NotFoundError('SLA policy');
  return policy;
}

/** A path id that cannot name a record: its history is empty without a read. */
export function historyId(id: string, what: string): string {
  if (!knownId(id)) throw new NotFoundError(what);
  return id;
}

export const calendarRecordId = (id: string) => `calendar:${id}`;
export const policyRecordId = (id: string) => `sla-policy:${id}`;

export function calendarRecord(c: Pick<BusinessCalendar, 'id' | 'name'>) {
  return { recordType: 'calendar', recordId: calendarRecordId(c.id), subject: { id: c.id, name: c.name } };
}

export function policyRecord(p: Pick<SlaPolicy, 'id' | 'name' | 'active'>) {
  return {
    recordType: 'slaPolicy',
    recordId: policyRecordId(p.id),
    subject: { id: p.id, name: p.name, active: p.active },
  };
}

const calendarFields = ['name', 'timeZone', 'hours', 'holidays'] as const satisfies readonly (keyof BusinessCalendar)[];
const policyFields = [
  'name',
  'active',
  'match',
  'responseTarget',
  'resolutionTarget',
  'calendarId',
  'warningPercent',
  'pauseOn',
  'escalations',
] as const satisfies readonly (keyof SlaPolicy)[];

export const diffCalendar = (before: BusinessCalendar | undefined, after: BusinessCalendar): FieldChange[] =>
  diffFields(before, after, calendarFields);
export const diffPolicy = (before: SlaPolicy | undefined, after: SlaPolicy): FieldChange[] =>
  diffFields(before, after, policyFields);

export function builtInCalendarError(): BusinessRuleError {
  return new BusinessRuleError('BUILT_IN_CALENDAR', 'The 24x7 calendar is built in and cannot be changed', [
    { path: 'id', message: 'Create a calendar of your own instead' },
  ]);
}

/**
 * The references a policy's write confirms in its transaction: the calendar exists (24x7 always does), the service
 * and category exist and are active. Unchanged ones are not checked again on an update.
 */
export function policyChecks(current: SlaPolicy | undefined, next: SlaPolicy): ReferenceCheck[] {
  const checks: ReferenceCheck[] = [];
  if (next.calendarId !== alwaysOpenCalendarId && next.calendarId !== current?.calendarId) {
    checks.push({ kind: 'calendar', id: next.calendarId, path: 'calendarId' });
  }
  const { service, category } = next.match;
  if (service !== undefined && service !== current?.match.service) {
    checks.push({ kind: 'service', id: service, path: 'match.service' });
  }
  if (category !== undefined && category !== current?.match.category) {
    checks.push({ kind: 'category', id: category, path: 'match.category' });
  }
  return checks;
}
