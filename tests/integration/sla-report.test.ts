import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { caller } from '../../functions/compose/caller';
import { slaReportDeps } from '../../functions/compose/reports';
import { slaRules } from '../../functions/compose/sla';
import { slaReportConsumer } from '../../functions/dispatch/reports/sla-report-consumer';
import { clockConsumer } from '../../functions/dispatch/sla/clock-consumer';
import { createGroup } from '../../functions/domain/groups/create-group';
import { createIncident } from '../../functions/domain/incidents/create-incident';
import { updateIncident } from '../../functions/domain/incidents/update-incident';
import { getSlaReport } from '../../functions/domain/reports/get-sla-report';
import type { AuditEvent } from '../../functions/domain/shared/audit';
import { BusinessRuleError, ForbiddenError, NotFoundError } from '../../functions/domain/shared/errors';
import type { ClockKind, SlaClock } from '../../functions/domain/sla/clock';
import { incidentEventsAfter, incidentSlaStore } from '../../functions/store/incident-sla-repository';
import { slaBucketReader } from '../../functions/store/sla-report-repository';
import { alice, bob, erin } from '../support/actors';
import { groupDeps, incidentDeps, incidentInput } from '../support/deps';
import { seedPeople } from '../support/people';
import { useFreshTable } from '../support/table';

beforeAll(async () => {
  await useFreshTable('sla-report');
  await seedPeople();
});

const consumer = slaReportConsumer({
  store: (await import('../../functions/store/sla-report-repository')).slaReportStore,
});
const context = {
  once: async () => {
    throw new Error('the report consumer needs no ledger');
  },
};

let n = 0;
/** Each test reports on its own days of its own year, so tests sharing the table never see each other's buckets. */
const year = () => 2030 + ++n;

const clock = (kind: ClockKind, overrides: Partial<SlaClock>): SlaClock => ({
  kind,
  policyId: 'default-p3',
  calendarId: '24x7',
  target: 'PT8H',
  targetSeconds: 28800,
  warningPercent: 75,
  state: 'running',
  startedAt: '2030-01-01T08:00:00.000Z',
  elapsedSeconds: 0,
  pausedSeconds: 0,
  since: '2030-01-01T08:00:00.000Z',
  ...overrides,
});

/** A clock started on the first of `month` at 08:00, due on the 28th at 16:00. */
const runningAt = (kind: ClockKind, y: number, month = '03') =>
  clock(kind, {
    startedAt: `${y}-${month}-01T08:00:00.000Z`,
    since: `${y}-${month}-01T08:00:00.000Z`,
    warnAt: `${y}-${month}-27T14:00:00.000Z`,
    dueAt: `${y}-${month}-28T16:00:00.000Z`,
  });
/** That clock met at `${y}-${at}` (`at` = MM-DDTHH:…), started in the same month. */
const metAt = (kind: ClockKind, y: number, at: string, elapsedSeconds: number, extra: Partial<SlaClock> = {}) => {
  const { warnAt: _w, ...rest } = runningAt(kind, y, at.slice(0, 2));
  return { ...rest, state: 'met' as const, metAt: `${y}-${at}`, since: `${y}-${at}`, elapsedSeconds, ...extra };
};

function slaEvent(
  incidentId: string,
  action: 'sla_updated' | 'sla_breached',
  kind: ClockKind,
  before: SlaClock | null,
  after: SlaClock | null,
  subject: { assignmentGroup: string | null; priority: string },
): AuditEvent {
  return {
    id: ulid(),
    recordType: 'incident',
    recordId: incidentId,
    action,
    actor: { id: 'system', username: 'nimbus', system: { reason: 'SLA' } },
    at: new Date().toISOString(),
    changes: [{ field: `clock.${kind}`, before, after }],
    subject: { status: 'in_progress', ...subject },
  };
}

const deliver = (event: AuditEvent) => consumer.handle(event, context);
const report = (query: Record<string, string>, who = bob) => getSlaReport(query, slaReportDeps(caller(who)));

describe('the SLA report consumer and GET /reports/sla on DynamoDB Local', () => {
  it('counts met and breached clocks per day, priority and group, and a reopen takes back', async () => {
    const y = year();
    const p2 = { assignmentGroup: 'network', priority: 'P2' };
    const a = ulid();
    const b = ulid();
    // a: response met in time on 03-01, resolution met in time on 03-02, then reopened (taken back)
    await deliver(
      slaEvent(
        a,
        'sla_updated',
        'response',
        runningAt('response', y),
        metAt('response', y, '03-01T09:00:00.000Z', 3600),
        p2,
      ),
    );
    const resolved = metAt('resolution', y, '03-02T10:00:00.000Z', 7200);
    await deliver(slaEvent(a, 'sla_updated', 'resolution', runningAt('resolution', y), resolved, p2));
    // b: resolution breach stamped on 03-01, then met late on 03-03: one breach, no met, seconds in the mean
    const stamped = { ...runningAt('resolution', y), breachedAt: `${y}-03-01T16:00:02.000Z` };
    await deliver(
      slaEvent(b, 'sla_breached', 'resolution', runningAt('resolution', y), stamped, {
        assignmentGroup: null,
        priority: 'P1',
      }),
    );
    await deliver(
      slaEvent(
        b,
        'sla_updated',
        'resolution',
        stamped,
        metAt('resolution', y, '03-03T10:00:00.000Z', 40000, { breachedAt: stamped.breachedAt }),
        {
          assignmentGroup: null,
          priority: 'P1',
        },
      ),
    );

    const before = await report({ from: `${y}-03-01`, to: `${y}-03-31` });
    expect(before.response).toEqual({
      compliancePercent: 100,
      met: 1,
      breached: 0,
      meanSeconds: 3600,
      measured: 1,
      totalSeconds: 3600,
    });
    expect(before.resolution).toEqual({
      compliancePercent: 50,
      met: 1,
      breached: 1,
      meanSeconds: (7200 + 40000) / 2,
      measured: 2,
      totalSeconds: 47200,
    });
    expect(before.breachesByPriority).toEqual({ P1: 1 });
    expect(before.breachesByGroup).toEqual({ '(unassigned)': 1 });

    // Reopened while assigned elsewhere: the take-back still hits network/P2 of 03-02.
    const reopened = { ...runningAt('resolution', y), elapsedSeconds: 7200, since: `${y}-03-05T08:00:00.000Z` };
    await deliver(
      slaEvent(a, 'sla_updated', 'resolution', resolved, reopened, { assignmentGroup: 'service-desk', priority: 'P1' }),
    );
    const after = await report({ from: `${y}-03-01`, to: `${y}-03-31` });
    expect(after.resolution).toMatchObject({ met: 0, breached: 1, measured: 1, compliancePercent: 0 });
    const days = await slaBucketReader.buckets('all', `${y}-03-02`, `${y}-03-02`);
    expect(days).toEqual([
      expect.objectContaining({ group: 'network', priority: 'P2', resolutionMet: 0, resolveCount: 0 }),
    ]);
  });

  it('does not count a redelivered event twice, nor an older one redriven after newer ones counted', async () => {
    const y = year();
    const id = ulid();
    const subject = { assignmentGroup: 'network', priority: 'P3' };
    const met = slaEvent(
      id,
      'sla_updated',
      'resolution',
      runningAt('resolution', y),
      metAt('resolution', y, '04-01T10:00:00.000Z', 100),
      subject,
    );
    await deliver(met);
    await deliver(met);
    await Promise.all([deliver(met), deliver(met), deliver(met)]);
    expect((await report({ from: `${y}-04-01`, to: `${y}-04-01` })).resolution).toMatchObject({ met: 1, measured: 1 });

    const reopen = slaEvent(
      id,
      'sla_updated',
      'resolution',
      met.changes[0]?.after as SlaClock,
      runningAt('resolution', y),
      subject,
    );
    await deliver(reopen);
    await deliver(met); // the dead letter of the first event, redriven late
    await deliver(reopen);
    expect((await report({ from: `${y}-04-01`, to: `${y}-04-01` })).resolution).toMatchObject({ met: 0, measured: 0 });
  });

  it('applies the next change of a clock even when its id sorts first (two writers in one millisecond)', async () => {
    const y = year();
    const id = ulid();
    const subject = { assignmentGroup: 'network', priority: 'P2' };
    const met = metAt('resolution', y, '07-01T10:00:00.000Z', 500);
    await deliver(slaEvent(id, 'sla_updated', 'resolution', runningAt('resolution', y, '07'), met, subject));
    // Its `before` is the clock as stored (read back from a DynamoDB map, keys in any order): the next link.
    const reopen = {
      ...slaEvent(id, 'sla_updated', 'resolution', met, runningAt('resolution', y, '07'), subject),
      id: '01AAAAAAAAAAAAAAAAAAAAAAAA',
    };
    await deliver(reopen);
    expect((await report({ from: `${y}-07-01`, to: `${y}-07-01` })).resolution).toMatchObject({ met: 0, measured: 0 });
  });

  it('counts concurrent clocks of many incidents exactly (no lost ADD)', async () => {
    const y = year();
    const subject = { assignmentGroup: 'network', priority: 'P4' };
    await Promise.all(
      Array.from({ length: 12 }, () =>
        deliver(
          slaEvent(
            ulid(),
            'sla_updated',
            'response',
            runningAt('response', y),
            metAt('response', y, '05-01T10:00:00.000Z', 60),
            subject,
          ),
        ),
      ),
    );
    expect((await report({ from: `${y}-05-01`, to: `${y}-05-01` })).response).toMatchObject({
      met: 12,
      totalSeconds: 720,
    });
  });

  it('filters by group (one partition per group) and by the day range, inclusive', async () => {
    const y = year();
    const group = `reports-${ulid().slice(-8).toLowerCase()}`;
    await createGroup(
      { id: group, name: `Team ${group}`, manager: { id: bob.id, username: bob.username } },
      groupDeps(erin),
    );
    const breach = (day: string, subject: { assignmentGroup: string | null; priority: string }) => {
      const stamped = { ...runningAt('response', y, '06'), breachedAt: `${y}-${day}T12:00:00.000Z` };
      return deliver(slaEvent(ulid(), 'sla_breached', 'response', runningAt('response', y, '06'), stamped, subject));
    };
    await breach('06-01', { assignmentGroup: group, priority: 'P1' });
    await breach('06-02', { assignmentGroup: group, priority: 'P2' });
    await breach('06-03', { assignmentGroup: group, priority: 'P2' });
    await breach('06-02', { assignmentGroup: 'network', priority: 'P2' });
    await breach('06-02', { assignmentGroup: null, priority: 'P5' });

    const mine = await report({ from: `${y}-06-02`, to: `${y}-06-03`, groupId: group });
    expect(mine).toMatchObject({ groupId: group, breachesByPriority: { P2: 2 }, breachesByGroup: { [group]: 2 } });
    expect(mine.response.breached).toBe(2);
    const all = await report({ from: `${y}-06-01`, to: `${y}-06-02` });
    expect(all.breachesByGroup).toEqual({ [group]: 2, network: 1, '(unassigned)': 1 });
    expect(all.breachesByPriority).toEqual({ P1: 1, P2: 2, P5: 1 });
    const unassigned = await report({ from: `${y}-06-01`, to: `${y}-06-30`, groupId: '(unassigned)' });
    expect(unassigned.response.breached).toBe(1);
    expect((await report({ from: `${y}-06-04`, to: `${y}-06-30` })).buckets).toBe(0);
  });

  it('answers 404 for an unknown group, 422 naming `to` for a bad range, 400 for a malformed day, 403 to requesters', async () => {
    await expect(report({ from: '2030-01-01', to: '2030-01-31', groupId: 'no-such-group' })).rejects.toThrow(
      NotFoundError,
    );
    const reversed = report({ from: '2030-02-01', to: '2030-01-31' });
    await expect(reversed).rejects.toBeInstanceOf(BusinessRuleError);
    await expect(reversed).rejects.toMatchObject({ status: 422, errors: [{ path: 'to' }] });
    await expect(report({ from: '2030-01-01', to: '2031-01-02' })).rejects.toMatchObject({
      status: 422,
      code: 'RANGE_TOO_LONG',
      errors: [{ path: 'to' }],
    });
    expect((await report({ from: '2028-01-01', to: '2028-12-31' })).buckets).toBeGreaterThanOrEqual(0);
    await expect(report({ from: '2030-02-30', to: '2030-03-01' })).rejects.toMatchObject({
      status: 400,
      errors: [{ path: 'from' }],
    });
    await expect(report({ from: '2030-01-01', to: '2030-01-31' }, alice)).rejects.toThrow(ForbiddenError);
  });

  it('counts what the real clock engine writes when an incident is acknowledged and resolved', async () => {
    const { value: incident } = await createIncident(incidentInput(), incidentDeps(alice));
    const clocks = clockConsumer({
      store: incidentSlaStore,
      eventsAfter: incidentEventsAfter,
      rules: slaRules(),
      now: () => new Date(),
    });
    const fold = async () => {
      const [last] = (await incidentEventsAfter(incident.id, '')).slice(-1);
      if (last) await clocks.handle(last, context);
    };
    const slaEvents = async () =>
      (await incidentEventsAfter(incident.id, '')).filter((e) => e.action.startsWith('sla_'));
    await fold();
    const updated = await updateIncident(incident.id, 1, { status: 'in_progress' }, incidentDeps(bob));
    await fold();
    await updateIncident(
      incident.id,
      updated.version,
      { status: 'resolved', resolutionCode: 'solved_permanently', resolutionNotes: 'Reinstalled' },
      incidentDeps(bob),
    );
    await fold();
    const events = await slaEvents();
    expect(events.length).toBeGreaterThanOrEqual(3);
    for (const event of events) if (consumer.wants(event)) await deliver(event);
    for (const event of events) if (consumer.wants(event)) await deliver(event); // the stream delivers again

    const today = new Date().toISOString().slice(0, 10);
    const mine = await report({ from: today, to: today, groupId: '(unassigned)' });
    expect(mine.response).toMatchObject({ met: 1, breached: 0 });
    expect(mine.resolution).toMatchObject({ met: 1, breached: 0 });
    expect(mine.breachesByPriority).toEqual({});
  });
});
