import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUser } from '../../infra/local/users';
import { eventually } from '../support/eventually';
import { startScaledApi } from './client';
import { readOutbox, recipients } from './outbox';

/**
 * An SLA breach end to end on the local stack, with time running 600× faster (NIMBUS_CLOCK_SCALE): the clock
 * consumer starts the escalation workflow, its task records the warning and the breach, and the escalation actions
 * consumer mails, reassigns and raises the priority.
 */
let api: Awaited<ReturnType<typeof startScaledApi>>;
const scale = 600;
const email = (username: string) => findUser(username)?.email as string;
const sub = (username: string) => findUser(username)?.sub as string;
const suffix = Date.now().toString(36);

beforeAll(async () => {
  api = await startScaledApi(scale);
});
afterAll(async () => {
  await api?.stopScaled();
});

async function ok<T = Record<string, unknown>>(call: Promise<{ status: number; body: T }>, status = 200): Promise<T> {
  const res = await call;
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res.body;
}

async function mailAbout(number: string, subjectPart: string) {
  return eventually(
    `mail about ${number}: ${subjectPart}`,
    async () => {
      const mails = (await readOutbox(api.stack.outboxDir)).filter((m) => {
        const subject = m.parsed.subject ?? '';
        return subject.includes(`[${number}]`) && subject.includes(subjectPart);
      });
      return mails.length > 0 ? mails : undefined;
    },
    { timeoutMs: 60_000 },
  );
}

describe('SLA escalation actions on the local stack', () => {
  it('warns the assignee, then at the breach mails the manager, moves the incident to the escalation group and raises it to P2', async () => {
    const l2 = `l2-${suffix}`;
    const l1 = `l1-${suffix}`;
    await ok(
      api.call('erin', 'POST', '/groups', {
        body: { id: l2, name: 'Second line', manager: { id: sub('dave'), username: 'dave' } },
      }),
      201,
    );
    await ok(
      api.call('erin', 'POST', '/groups', {
        body: { id: l1, name: 'First line', manager: { id: sub('carol'), username: 'carol' }, escalationGroup: l2 },
      }),
      201,
    );
    const group = await ok<{ escalationGroup: string }>(api.call('bob', 'GET', `/groups/${l1}`));
    expect(group.escalationGroup).toBe(l2);
    await ok(api.call('erin', 'POST', `/groups/${l1}/members`, { body: { userId: sub('bob'), username: 'bob' } }), 201);

    // P3: respond within 30 minutes (3 s at 600×), warn at 75 %; the breach does everything.
    const p3 = await ok<{ version: number }>(api.call('erin', 'GET', '/sla-policies/default-p3'));
    await ok(
      api.call('erin', 'PATCH', '/sla-policies/default-p3', {
        body: {
          responseTarget: 'PT30M',
          calendarId: '24x7',
          escalations: {
            warning: ['notify_assignee'],
            breach: ['notify_assignee', 'notify_group_manager', 'reassign_escalation_group', 'raise_priority'],
          },
        },
        headers: { 'if-match': `"${p3.version}"` },
      }),
    );

    const created = await ok<{ id: string; number: string; version: number }>(
      api.call('bob', 'POST', '/incidents', {
        body: {
          title: 'Payroll export fails',
          description: 'Since this morning',
          impact: 2,
          urgency: 2,
          assignmentGroup: l1,
        },
      }),
      201,
    );
    await ok(
      api.call('bob', 'PATCH', `/incidents/${created.id}`, {
        body: { assignee: sub('bob') },
        headers: { 'if-match': `"${created.version}"` },
      }),
    );

    const warning = await mailAbout(created.number, 'SLA warning: response due');
    expect(warning.flatMap(recipients)).toEqual([email('bob')]);
    const breach = await mailAbout(created.number, 'SLA breached: response was due');
    await eventually('the breach mail to the manager too', async () => {
      const mails = await mailAbout(created.number, 'SLA breached: response was due');
      return mails.length >= 2 ? mails : undefined;
    });
    expect(breach[0].parsed.text).toContain(`/incidents/${created.number}`);

    const escalated = await eventually('the incident in the escalation group', async () => {
      const incident = await ok<{ assignmentGroup?: string; priority: string; assignee?: string }>(
        api.call('bob', 'GET', `/incidents/${created.id}`),
      );
      return incident.assignmentGroup === l2 && incident.priority === 'P2' ? incident : undefined;
    });
    expect(escalated.assignee).toBeUndefined();
    const finalBreachMails = await mailAbout(created.number, 'SLA breached: response was due');
    expect(finalBreachMails.flatMap(recipients).sort()).toEqual([email('bob'), email('carol')].sort());

    const history = await ok<{
      items: { action: string; actor: { system?: { reason: string } }; changes: { field: string }[] }[];
    }>(api.call('erin', 'GET', `/incidents/${created.id}/history?limit=100`));
    const bySla = history.items.filter((e) => e.action === 'updated' && e.actor.system?.reason === 'SLA');
    expect(bySla).toHaveLength(1);
    expect(bySla[0].changes.map((c) => c.field).sort()).toEqual(
      ['assignee', 'assignmentGroup', 'priority', 'priorityReason'].sort(),
    );
    expect(history.items.map((e) => e.action)).toEqual(expect.arrayContaining(['sla_warned', 'sla_breached']));

    // The raise re-targets the clocks on the P2 policy, keeping the breach: the response clock is not acted on again.
    const sla = await eventually('the clocks on the P2 policy', async () => {
      const body = await ok<{ clocks: { kind: string; policyId: string; breachedAt: string | null }[] }>(
        api.call('bob', 'GET', `/incidents/${created.id}/sla`),
      );
      return body.clocks.every((c) => c.policyId === 'default-p2') ? body : undefined;
    });
    expect(sla.clocks.find((c) => c.kind === 'response')?.breachedAt).not.toBeNull();
  });
});
