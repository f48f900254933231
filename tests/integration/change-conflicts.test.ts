import { beforeAll, describe, expect, it } from 'vitest';
import { calendarDeps } from '../../functions/compose/calendar';
import { caller } from '../../functions/compose/caller';
import { changeDeps } from '../../functions/compose/changes';
import { createBlackout } from '../../functions/domain/calendar/blackouts';
import type { Change } from '../../functions/domain/changes/change';
import { createChange } from '../../functions/domain/changes/create-change';
import { BlackoutConflictError } from '../../functions/domain/changes/errors';
import { createRiskQuestion, listRiskQuestions } from '../../functions/domain/changes/risk-questions';
import { updateChange } from '../../functions/domain/changes/update-change';
import type { Actor } from '../../functions/domain/shared/actor';
import { fixedClock } from '../../functions/domain/shared/clock';
import { alice, dave, erin } from '../support/actors';
import { seedTaxonomy } from '../support/desk';
import { seedPeople } from '../support/people';
import { useFreshTable } from '../support/table';

/** The change practice with THE conflict checker (functions/store/change-conflicts.ts), over real blackout windows. */
const clock = fixedClock('2027-05-03T09:00:00.000Z');
const deps = (who: Actor) => changeDeps(caller(who, clock));
const admin = () => calendarDeps(caller(erin, clock));

let lowRisk: { questionId: string; answerId: string }[] = [];

const change = (overrides: Record<string, unknown> = {}) => ({
  type: 'normal',
  title: 'Patch the mail relays',
  description: 'Security release',
  services: [{ id: 'email' }],
  cis: [{ name: 'relay-01' }],
  implementationPlan: 'Drain, patch, undrain',
  backoutPlan: 'Restore the snapshot',
  testPlan: 'Send a test mail',
  ...overrides,
});

async function toAuthorize(c: Change, extra: Record<string, unknown> = {}): Promise<Change> {
  const assess = await updateChange(c.id, c.version, { status: 'assess' }, deps(alice));
  const risk = c.type === 'normal' ? { riskAnswers: lowRisk } : {};
  return updateChange(assess.id, assess.version, { status: 'authorize', ...risk, ...extra }, deps(dave));
}

beforeAll(async () => {
  await useFreshTable('change-conflicts');
  await seedPeople();
  await seedTaxonomy('service', 'email');
  await createRiskQuestion(
    {
      text: 'How many users would an outage affect?',
      order: 1,
      answers: [
        { id: 'low', text: 'Few', weight: 1 },
        { id: 'high', text: 'Many', weight: 8 },
      ],
    },
    changeDeps(caller(erin, clock)),
  );
  lowRisk = (await listRiskQuestions({}, deps(alice))).items.map((q) => ({ questionId: q.id, answerId: 'low' }));
  // Every Friday 20:00–23:00 UTC, for e-mail only; and a one-off freeze for payroll only.
  await createBlackout(
    {
      name: 'Friday mail batch',
      reason: 'Newsletters go out',
      start: '2027-05-07T20:00:00Z',
      end: '2027-05-07T23:00:00Z',
      recurrence: 'FREQ=WEEKLY;BYDAY=FR',
      services: [{ id: 'email' }],
    },
    admin(),
  );
  await createBlackout(
    {
      name: 'Payroll run',
      reason: 'Salaries',
      start: '2027-05-20T00:00:00Z',
      end: '2027-05-22T00:00:00Z',
      services: [{ name: 'Payroll' }],
    },
    admin(),
  );
});

describe('scheduling with the real conflict checker', () => {
  it('refuses a normal change over a recurring blackout occurrence (422 BLACKOUT_CONFLICT naming the occurrence)', async () => {
    const { value } = await createChange(
      change({ plannedStart: '2027-05-14T22:00:00Z', plannedEnd: '2027-05-15T01:00:00Z' }),
      deps(alice),
    );
    const error = await toAuthorize(value).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BlackoutConflictError);
    expect(error).toMatchObject({
      status: 422,
      code: 'BLACKOUT_CONFLICT',
      errors: [{ path: 'plannedStart' }],
      details: {
        blackouts: [
          expect.objectContaining({
            name: 'Friday mail batch',
            start: '2027-05-14T20:00:00.000Z',
            end: '2027-05-14T23:00:00.000Z',
          }),
        ],
      },
    });
  });

  it('lets an emergency change through the same occurrence with an override, keeping the blackout on the change', async () => {
    const { value } = await createChange(
      change({ type: 'emergency', plannedStart: '2027-05-14T22:00:00Z', plannedEnd: '2027-05-14T22:30:00Z' }),
      deps(alice),
    );
    const assess = await updateChange(value.id, value.version, { status: 'assess' }, deps(alice));
    const move = (extra: Record<string, unknown> = {}) =>
      updateChange(assess.id, assess.version, { status: 'authorize', ...extra }, deps(dave));
    await expect(move()).rejects.toBeInstanceOf(BlackoutConflictError);
    const authorised = await move({ blackoutOverride: { reason: 'Relays are being abused right now' } });
    expect(authorised).toMatchObject({
      status: 'authorize',
      blackoutOverride: { reason: 'Relays are being abused right now', by: { username: 'dave' } },
      conflicts: { blackouts: [expect.objectContaining({ name: 'Friday mail batch' })] },
    });
  });

  it('is not blocked by a blackout for another service, nor by touching an occurrence', async () => {
    const payrollWeek = await createChange(
      change({ plannedStart: '2027-05-20T10:00:00Z', plannedEnd: '2027-05-20T11:00:00Z' }),
      deps(alice),
    );
    expect((await toAuthorize(payrollWeek.value)).conflicts?.blackouts).toEqual([]);
    const touching = await createChange(
      change({ plannedStart: '2027-05-21T23:00:00Z', plannedEnd: '2027-05-22T01:00:00Z', cis: [{ name: 'relay-09' }] }),
      deps(alice),
    );
    expect((await toAuthorize(touching.value)).conflicts?.blackouts).toEqual([]);
  });

  it('warns about another change on the calendar touching the same CI at the same time', async () => {
    const first = await createChange(
      change({ plannedStart: '2027-05-25T10:00:00Z', plannedEnd: '2027-05-25T12:00:00Z', cis: [{ name: 'db-01' }] }),
      deps(alice),
    );
    const firstAuthorised = await toAuthorize(first.value);
    const second = await createChange(
      change({
        title: 'Resize the database',
        services: [{ name: 'Billing' }],
        cis: [{ name: 'DB-01' }],
        plannedStart: '2027-05-25T11:00:00Z',
        plannedEnd: '2027-05-25T13:00:00Z',
      }),
      deps(alice),
    );
    const secondAuthorised = await toAuthorize(second.value);
    expect(secondAuthorised.status).toBe('authorize');
    expect(secondAuthorised.conflicts?.overlaps).toEqual([
      {
        changeId: firstAuthorised.id,
        number: firstAuthorised.number,
        title: firstAuthorised.title,
        plannedStart: '2027-05-25T10:00:00.000Z',
        plannedEnd: '2027-05-25T12:00:00.000Z',
        shared: [{ kind: 'ci', name: 'DB-01' }],
      },
    ]);
  });
});
