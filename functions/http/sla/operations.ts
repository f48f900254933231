import { incidentSlaDeps, slaConfigDeps } from '../../compose/sla';
import { getCalendarHistory } from '../../domain/sla/calendar-history';
import { previewDue, previewElapsed } from '../../domain/sla/calendar-preview';
import { createCalendar } from '../../domain/sla/create-calendar';
import { createPolicy } from '../../domain/sla/create-policy';
import { getCalendar } from '../../domain/sla/get-calendar';
import { getPolicy } from '../../domain/sla/get-policy';
import { getIncidentSla } from '../../domain/sla/incident-sla-view';
import { listCalendars } from '../../domain/sla/list-calendars';
import { listPolicies } from '../../domain/sla/list-policies';
import { getPolicyHistory } from '../../domain/sla/policy-history';
import { updateCalendar } from '../../domain/sla/update-calendar';
import { updatePolicy } from '../../domain/sla/update-policy';
import { callerDeps } from '../kernel/caller';
import type { PracticeOperations } from '../kernel/practice-router';
import { recordOperations } from '../kernel/record-operations';
import { ok } from '../kernel/results';
import type { HttpRequest } from '../kernel/types';

const deps = (request: HttpRequest) => slaConfigDeps(callerDeps(request));

const calendars = recordOperations('/calendars', deps, {
  create: createCalendar,
  get: getCalendar,
  update: updateCalendar,
});
const policies = recordOperations('/sla-policies', deps, {
  create: createPolicy,
  get: getPolicy,
  update: updatePolicy,
});

export const slaOperations: PracticeOperations<'sla'> = {
  async getIncidentSla(request) {
    return ok(await getIncidentSla(request.params.id, incidentSlaDeps(callerDeps(request))));
  },
  createCalendar: calendars.create,
  async listCalendars(request) {
    return ok(await listCalendars(request.query, deps(request)));
  },
  getCalendar: calendars.get,
  updateCalendar: calendars.update,
  async previewCalendarDue(request) {
    return ok(await previewDue(request.params.id, request.query, deps(request)));
  },
  async previewCalendarElapsed(request) {
    return ok(await previewElapsed(request.params.id, request.query, deps(request)));
  },
  async getCalendarHistory(request) {
    return ok(await getCalendarHistory(request.params.id, request.query, deps(request)));
  },

  createSlaPolicy: policies.create,
  async listSlaPolicies(request) {
    return ok(await listPolicies(request.query, deps(request)));
  },
  getSlaPolicy: policies.get,
  updateSlaPolicy: policies.update,
  async getSlaPolicyHistory(request) {
    return ok(await getPolicyHistory(request.params.id, request.query, deps(request)));
  },
};
