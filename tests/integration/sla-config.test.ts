import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { slaConfigReader } from '../../functions/compose/sla';
import { BusinessRuleError, NotFoundError, PreconditionFailedError } from '../../functions/domain/shared/errors';
import { getCalendarHistory } from '../../functions/domain/sla/calendar-history';
import { createCalendar } from '../../functions/domain/sla/create-calendar';
import { createPolicy } from '../../functions/domain/sla/create-policy';
import { getCalendar } from '../../functions/domain/sla/get-calendar';
import { listCalendars } from '../../functions/domain/sla/list-calendars';
import { listPolicies } from '../../functions/domain/sla/list-policies';
import { getPolicyHistory } from '../../functions/domain/sla/policy-history';
import { updateCalendar } from '../../functions/domain/sla/update-calendar';
import { updatePolicy } from '../../functions/domain/sla/update-policy';
import { nimbus } from '../../functions/store/service';
import { invalidateSlaConfig } from '../../functions/store/sla-config-cache';
import { seedDefaults } from '../../functions/store/sla-config-repository';
import { bob, erin } from '../support/actors';
import { slaDeps as deps } from '../support/deps';
import { seedTaxonomy } from '../support/desk';
import { useFreshTable } from '../support/table';

const noHours = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
const calendarInput = (name = 'Berlin desk') => ({
  name,
  timeZone: 'Europe/Berlin',
  hours: { ...noHours, mon: [{ start: '08:00', end: '16:00' }] },
  holidays: [{ date: '2026-10-03', name: 'Unity Day', yearly: true }],
});
const policyInput = (extra: Record<string, unknown> = {}) => ({
  name: 'P2 e-mail',
  match: { priority: 'P2', service: 'email' },
  responseTarget: 'PT20M',
  resolutionTarget: 'PT6H',
  calendarId: '24x7',
  escalations: { warning: ['notify_assignee'], breach: ['raise_priority'] },
  ...extra,
});
const refused = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof BusinessRuleError)) throw new Error(`Expected a 422, got ${String(error)}`);
  return { code: error.code, paths: error.errors.map((e) => e.path) };
};

beforeAll(async () => {
  await useFreshTable('sla-config');
  await seedTaxonomy('service', 'email');
  await seedTaxonomy('service', 'fax', false);
  await seedTaxonomy('category', 'network');
});

describe('the SLA defaults on DynamoDB Local', () => {
  it('are written once even when many first requests race to seed them', async () => {
    await Promise.all(Array.from({ length: 8 }, () => seedDefaults()));
    const { slaPolicy, calendar, auditEvent } = nimbus().entities;
    const policies = (await slaPolicy.query.primary({ scope: 'slaPolicies' }).go({ pages: 'all' })).data;
    expect(policies.map((p) => p.id).sort()).toEqual([
      'default-p1',
      'default-p2',
      'default-p3',
      'default-p4',
      'default-p5',
    ]);
    const calendars = (await calendar.query.primary({ scope: 'calendars' }).go({ pages: 'all' })).data;
    expect(calendars.map((c) => c.id)).toEqual(['business-hours']);
    const events = (await auditEvent.query.primary({ recordId: 'sla-policy:default-p1' }).go({ pages: 'all' })).data;
    expect(events).toHaveLength(1);
    await seedDefaults();
    expect((await slaPolicy.query.primary({ scope: 'slaPolicies' }).go({ pages: 'all' })).data).toHaveLength(5);
  });

  it('lists the built-in 24x7 first, then the stored calendars', async () => {
    const page = await listCalendars({}, deps(bob));
    expect(page.items.slice(0, 2).map((c) => [c.id, c.builtIn])).toEqual([
      ['24x7', true],
      ['business-hours', false],
    ]);
    expect((await getCalendar('business-hours', deps(bob))).hours.mon).toEqual([{ start: '09:00', end: '17:00' }]);
  });
});

describe('calendars on DynamoDB Local', () => {
  it('creates, reads, updates with If-Match and keeps the history', async () => {
    const { value } = await createCalendar(calendarInput(), deps(erin));
    expect(value).toMatchObject({ name: 'Berlin desk', builtIn: false, version: 1 });
    expect(await getCalendar(value.id, deps(bob))).toEqual(value);

    const next = await updateCalendar(value.id, 1, { name: 'Berlin' }, deps(erin));
    expect(next).toMatchObject({ name: 'Berlin', version: 2 });
    await expect(updateCalendar(value.id, 1, { name: 'Stale' }, deps(erin))).rejects.toBeInstanceOf(
      PreconditionFailedError,
    );
    const history = await getCalendarHistory(value.id, {}, deps(erin));
    expect(history.items.map((e) => e.action)).toEqual(['created', 'updated']);
    expect(history.items[1].changes).toEqual([{ field: 'name', before: 'Berlin desk', after: 'Berlin' }]);
  });

  it('refuses to change 24x7 and answers 404 for unknown calendars', async () => {
    expect((await refused(updateCalendar('24x7', 1, { name: 'x' }, deps(erin)))).code).toBe('BUILT_IN_CALENDAR');
    await expect(getCalendar(ulid(), deps(bob))).rejects.toBeInstanceOf(NotFoundError);
    await expect(getCalendar('Nope!', deps(bob))).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('SLA policies on DynamoDB Local', () => {
  it('creates a policy whose calendar and service exist, and the reader sees it at once in this process', async () => {
    const before = await slaConfigReader().activePolicies();
    const { value } = await createPolicy(policyInput(), deps(erin));
    expect(value).toMatchObject({ active: true, warningPercent: 75, pauseOn: [], version: 1 });
    const after = await slaConfigReader().activePolicies();
    expect(after).toHaveLength(before.length + 1);
    expect(after).toContainEqual(value);

    const off = await updatePolicy(value.id, 1, { active: false }, deps(erin));
    expect(off).toMatchObject({ active: false, version: 2 });
    expect(await slaConfigReader().activePolicies()).not.toContainEqual(expect.objectContaining({ id: value.id }));
    expect((await listPolicies({ limit: 100 }, deps(bob))).items).toContainEqual(off);
    expect((await getPolicyHistory(value.id, {}, deps(erin))).items.map((e) => e.action)).toEqual([
      'created',
      'updated',
    ]);
  });

  it('refuses unknown or retired references with a 422 naming the field, writing nothing', async () => {
    const count = async () => (await listPolicies({ limit: 100 }, deps(bob))).items.length;
    const n = await count();
    expect(await refused(createPolicy(policyInput({ calendarId: 'no-such-calendar' }), deps(erin)))).toEqual({
      code: 'UNKNOWN_CALENDAR',
      paths: ['calendarId'],
    });
    expect(await refused(createPolicy(policyInput({ match: { priority: 'P2', service: 'fax' } }), deps(erin)))).toEqual(
      { code: 'RETIRED_SERVICE', paths: ['match.service'] },
    );
    expect(
      await refused(
        createPolicy(policyInput({ match: { priority: 'P2', service: 'nope', category: 'nope' } }), deps(erin)),
      ),
    ).toEqual({ code: 'INVALID_REFERENCES', paths: ['match.service', 'match.category'] });
    const { value } = await createPolicy(
      policyInput({ calendarId: 'business-hours', match: { priority: 'P4', category: 'network' } }),
      deps(erin),
    );
    expect(value.match).toEqual({ priority: 'P4', category: 'network' });
    expect(await count()).toBe(n + 1);
  });

  it('serves the calendars to the clock engine, 24x7 without a read', async () => {
    invalidateSlaConfig();
    expect((await slaConfigReader().calendar('24x7'))?.builtIn).toBe(true);
    expect((await slaConfigReader().calendar('business-hours'))?.timeZone).toBe('UTC');
    expect(await slaConfigReader().calendar('missing')).toBeUndefined();
  });
});
