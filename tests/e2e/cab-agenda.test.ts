/**
 * The weekly CAB agenda end to end on the local stack: the cron schedule of schedules.ts fires on the stack's scaled
 * clock (NIMBUS_CLOCK_SCALE chosen so next Monday 08:00 UTC comes about 15 s after the start) and every member of
 * the Nimbus group `cab` gets the agenda in the outbox, once per week.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoWeek, nextCronFire } from '../../functions/schedules/expressions';
import { schedules } from '../../functions/schedules/schedules';
import { findUser } from '../../infra/local/users';
import { eventually } from '../support/eventually';
import { startScaledApi } from './client';
import { readOutbox, recipients } from './outbox';

const lead = 15_000;
const firstFiring = nextCronFire(schedules.cabAgenda.expression, new Date(Date.now() + lead)) as Date;
const scale = Math.max(1, (firstFiring.getTime() - Date.now()) / lead);
let api: Awaited<ReturnType<typeof startScaledApi>>;
const ref = (name: string) => ({ id: findUser(name)?.sub ?? '', username: name });
const members = ['dave', 'grace', 'heidi'];

beforeAll(async () => {
  api = await startScaledApi(scale);
  const group = await api.call('erin', 'POST', '/groups', { body: { id: 'cab', name: 'CAB', manager: ref('dave') } });
  expect(group.status, JSON.stringify(group.body)).toBe(201);
  for (const member of members) {
    const added = await api.call('erin', 'POST', '/groups/cab/members', {
      body: { userId: ref(member).id, username: member },
    });
    expect(added.status).toBe(201);
  }
});
afterAll(async () => {
  await api?.stopScaled();
});

describe('the weekly CAB agenda on the scaled clock', () => {
  it('mails every CAB member the agenda when Monday 08:00 comes, once per week', { timeout: 120_000 }, async () => {
    // The stack's scaled clock starts at the real now, so its first firing is the one computed above.
    const fired = firstFiring.toISOString();
    const week = isoWeek(fired);
    const subject = `[CAB ${week}] CAB agenda for the week of ${fired.slice(0, 10)}`;
    const agendas = await eventually(
      'the agenda in every CAB member’s mail',
      async () => {
        const mail = (await readOutbox(api.stack.outboxDir)).filter((m) => m.parsed.subject === subject);
        return mail.length >= members.length ? mail : undefined;
      },
      { timeoutMs: 90_000, everyMs: 500 },
    );
    expect(agendas.flatMap(recipients).sort()).toEqual(members.map((m) => `${m}@example.com`));
    expect(agendas[0]?.parsed.text).toContain('Awaiting authorisation (0)');
    expect(agendas[0]?.parsed.headers.get('auto-submitted')).toBe('auto-generated');
    // The scheduler records the firing once the target returns, which may be after the mail is in the outbox.
    const firing = await eventually(
      'the firing to be recorded',
      async () => api.stack.schedules.scheduler.firings().find((f) => f.schedule === 'cab-agenda'),
      { timeoutMs: 30_000, everyMs: 200 },
    );
    expect(firing).toMatchObject({ outcome: 'succeeded', scheduledTime: `${fired.slice(0, 19)}Z` });
  });
});
