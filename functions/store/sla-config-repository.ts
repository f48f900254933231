import { monotonicFactory } from 'ulid';
import { systemActor } from '../domain/shared/actor';
import type { AuditEvent } from '../domain/shared/audit';
import { actorRef } from '../domain/shared/audit-trail';
import { ConflictError } from '../domain/shared/errors';
import { referenceError } from '../domain/shared/references';
import { alwaysOpenCalendarId, type BusinessCalendar } from '../domain/sla/calendar';
import type { CalendarRepository, PolicyRepository, SlaConfigAuditEvent } from '../domain/sla/config-ports';
import {
  calendarRecord,
  calendarRecordId,
  diffCalendar,
  diffPolicy,
  policyRecord,
  policyRecordId,
} from '../domain/sla/config-records';
import {
  alwaysOpenCalendar,
  businessHoursCalendar,
  businessHoursCalendarId,
  defaultPolicies,
} from '../domain/sla/defaults';
import type { SlaPolicy } from '../domain/sla/policy';
import { env } from '../shared/env';
import { auditEventFromItem } from './audit-events';
import { auditEventEntity } from './entities/audit-event.entity';
import { type CalendarItem, calendarEntity, calendarScope } from './entities/calendar.entity';
import { policyScope, type SlaPolicyItem, slaPolicyEntity } from './entities/sla-policy.entity';
import { onePage, tableKeys } from './paging';
import { recordWrite } from './record-write';
import { invalidateSlaConfig } from './sla-config-cache';

const ulid = monotonicFactory();

function calendarToItem(c: BusinessCalendar): CalendarItem {
  return {
    scope: calendarScope,
    id: c.id,
    name: c.name,
    timeZone: c.timeZone,
    hours: c.hours,
    holidays: c.holidays,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    version: c.version,
  };
}

/** The calendar in a stable field order (DynamoDB returns attributes in no particular order). */
export function calendarFromItem(item: Omit<CalendarItem, 'scope'> | BusinessCalendar): BusinessCalendar {
  const hours = item.hours as BusinessCalendar['hours'];
  return {
    id: item.id,
    name: item.name,
    timeZone: item.timeZone,
    hours: {
      mon: hours.mon,
      tue: hours.tue,
      wed: hours.wed,
      thu: hours.thu,
      fri: hours.fri,
      sat: hours.sat,
      sun: hours.sun,
    },
    holidays: (item.holidays as BusinessCalendar['holidays']).map((h) => ({
      date: h.date,
      name: h.name,
      yearly: h.yearly,
    })),
    builtIn: item.id === alwaysOpenCalendarId,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    version: item.version,
  };
}

function policyToItem(p: SlaPolicy): SlaPolicyItem {
  return { scope: policyScope, ...p, match: p.match, pauseOn: p.pauseOn, escalations: p.escalations };
}

export function policyFromItem(item: Omit<SlaPolicyItem, 'scope'> | SlaPolicy): SlaPolicy {
  const match = item.match as SlaPolicy['match'];
  const escalations = item.escalations as SlaPolicy['escalations'];
  return {
    id: item.id,
    name: item.name,
    active: item.active,
    match: {
      priority: match.priority,
      ...(match.service === undefined ? {} : { service: match.service }),
      ...(match.category === undefined ? {} : { category: match.category }),
    },
    responseTarget: item.responseTarget,
    resolutionTarget: item.resolutionTarget,
    calendarId: item.calendarId,
    warningPercent: item.warningPercent,
    pauseOn: [...(item.pauseOn as SlaPolicy['pauseOn'])],
    escalations: { warning: [...escalations.warning], breach: [...escalations.breach] },
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    version: item.version,
  };
}

const seededTables = new Map<string, Promise<void>>();

/**
 * Writes the business-hours calendar and the default policies once per table, lazily, before the first read or
 * write of SLA configuration: one transaction conditional on the calendar not existing, so concurrent first
 * requests (or containers) write them once and the losers just carry on. Calendars are never deleted, so the
 * calendar marks the table as seeded; a policy an admin deactivates stays deactivated.
 */
export function ensureSlaDefaults(): Promise<void> {
  const table = env().TABLE_NAME;
  let seeding = seededTables.get(table);
  if (!seeding) {
    seeding = seedDefaults();
    seededTables.set(table, seeding);
    seeding.catch(() => seededTables.delete(table));
  }
  return seeding;
}

/** One seeding attempt, unremembered (tests race several of them). */
export async function seedDefaults(): Promise<void> {
  if (await seeded()) return;
  const at = new Date().toISOString();
  const actor = actorRef(systemActor('SLA defaults'));
  const event = (record: ReturnType<typeof calendarRecord>, changes: AuditEvent['changes']): AuditEvent => ({
    ...record,
    id: ulid(),
    action: 'created',
    actor,
    at,
    changes,
  });
  const calendar = businessHoursCalendar(at);
  const write = recordWrite()
    .item('calendar', calendarEntity(), (e) => e.create(calendarToItem(calendar)).commit())
    .audit(event(calendarRecord(calendar), diffCalendar(undefined, calendar)));
  for (const policy of defaultPolicies(at)) {
    write
      .item(`policy:${policy.id}`, slaPolicyEntity(), (e) => e.create(policyToItem(policy)).commit())
      .audit(event(policyRecord(policy), diffPolicy(undefined, policy)));
  }
  try {
    const outcome = await write.commit();
    if (outcome.committed) invalidateSlaConfig();
    else if (!outcome.failed('calendar')) throw outcome.unexpected();
  } catch (error) {
    // Too many first requests at once: fine if another one's transaction went through.
    if (!(error instanceof ConflictError && (await seeded()))) throw error;
  }
}

async function seeded(): Promise<boolean> {
  const { data } = await calendarEntity()
    .get({ scope: calendarScope, id: businessHoursCalendarId })
    .go({ consistent: true });
  return data !== null && data !== undefined;
}

function history(recordId: string, page: Parameters<CalendarRepository['history']>[1]) {
  return onePage(
    auditEventEntity().query.primary({ recordId }),
    page,
    tableKeys,
    auditEventFromItem<SlaConfigAuditEvent['action']>,
  );
}

export const calendarRepository: CalendarRepository = {
  async get(id) {
    if (id === alwaysOpenCalendarId) return alwaysOpenCalendar;
    await ensureSlaDefaults();
    const { data } = await calendarEntity().get({ scope: calendarScope, id }).go({ consistent: true });
    return data ? calendarFromItem(data) : undefined;
  },

  async list(page) {
    await ensureSlaDefaults();
    const stored = await onePage(
      calendarEntity().query.primary({ scope: calendarScope }),
      page,
      tableKeys,
      calendarFromItem,
    );
    return page.cursor === undefined ? { ...stored, items: [alwaysOpenCalendar, ...stored.items] } : stored;
  },

  async create(calendar, event, idempotency) {
    await ensureSlaDefaults();
    const outcome = await recordWrite()
      .item('record', calendarEntity(), (e) => e.create(calendarToItem(calendar)).commit())
      .audit(event)
      .idempotency(idempotency, calendar, calendar.createdAt)
      .commit();
    if (outcome.committed) {
      invalidateSlaConfig();
      return { value: calendar, replayed: false };
    }
    const replay = outcome.replayed<BusinessCalendar>();
    if (replay) return { value: calendarFromItem(replay), replayed: true };
    throw outcome.unexpected();
  },

  async update(next, expectedVersion, event) {
    const outcome = await recordWrite()
      .item('record', calendarEntity(), (e) =>
        e
          .put(calendarToItem(next))
          .where((a, { eq }) => eq(a.version, expectedVersion))
          .commit({ response: 'all_old' }),
      )
      .audit(event)
      .commit();
    if (outcome.committed) {
      invalidateSlaConfig();
      return next;
    }
    outcome.throwIfStale('Calendar', expectedVersion);
    throw outcome.unexpected();
  },

  history: (id, page) => history(calendarRecordId(id), page),
};

export const policyRepository: PolicyRepository = {
  async get(id) {
    await ensureSlaDefaults();
    const { data } = await slaPolicyEntity().get({ scope: policyScope, id }).go({ consistent: true });
    return data ? policyFromItem(data) : undefined;
  },

  async list(page) {
    await ensureSlaDefaults();
    return onePage(slaPolicyEntity().query.primary({ scope: policyScope }), page, tableKeys, policyFromItem);
  },

  async create(policy, event, checks, idempotency) {
    await ensureSlaDefaults();
    const outcome = await recordWrite()
      .item('record', slaPolicyEntity(), (e) => e.create(policyToItem(policy)).commit())
      .check(checks)
      .audit(event)
      .idempotency(idempotency, policy, policy.createdAt)
      .commit();
    if (outcome.committed) {
      invalidateSlaConfig();
      return { value: policy, replayed: false };
    }
    const replay = outcome.replayed<SlaPolicy>();
    if (replay) return { value: policyFromItem(replay), replayed: true };
    const failed = outcome.failedChecks();
    if (failed.length) throw referenceError(failed);
    throw outcome.unexpected();
  },

  async update(next, expectedVersion, event, checks) {
    const outcome = await recordWrite()
      .item('record', slaPolicyEntity(), (e) =>
        e
          .put(policyToItem(next))
          .where((a, { eq }) => eq(a.version, expectedVersion))
          .commit({ response: 'all_old' }),
      )
      .check(checks)
      .audit(event)
      .commit();
    if (outcome.committed) {
      invalidateSlaConfig();
      return next;
    }
    outcome.throwIfStale('SLA policy', expectedVersion);
    const failed = outcome.failedChecks();
    if (failed.length) throw referenceError(failed);
    throw outcome.unexpected();
  },

  history: (id, page) => history(policyRecordId(id), page),
};
