/**
 * SLA clocks and escalation end to end on the local stack: the clock consumer after commit, the escalation state
 * machine on the local Step Functions runtime, the task writing the milestones, the domain events. Time runs 120×
 * faster (NIMBUS_CLOCK_SCALE): the seeded P1 policy's 15-minute response target passes in 7.5 s.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUser } from '../../infra/local/users';
import { eventually } from '../support/eventually';
import { startScaledApi } from './client';

const scale = 120;
let api: Awaited<ReturnType<typeof startScaledApi>>;

beforeAll(async () => {
  api = await startScaledApi(scale, { demo: true });
});
afterAll(async () => {
  await api?.stopScaled();
});

interface Clock {
  kind: 'response' | 'resolution';
  policyId: string;
  target: string;
  dueAt: string | null;
  elapsedSeconds: number;
  pausedSeconds: number;
  state: string;
  warnedAt: string | null;
  breachedAt: string | null;
}

async function clocks(username: string, id: string): Promise<Clock[]> {
  const res = await api.call(username, 'GET', `/incidents/${id}/sla`);
  expect(res.status).toBe(200);
  return res.body.clocks;
}

const clockOf = (all: Clock[], kind: Clock['kind']) => all.find((c) => c.kind === kind);

async function raiseP1(title: string) {
  const created = await api.call('alice', 'POST', '/incidents', {
    body: { title, description: 'Nobody can sign in', impact: 1, urgency: 1 },
  });
  expect(created.status).toBe(201);
  expect(created.body.priority).toBe('P1');
  return created.body as { id: string; number: string; createdAt: string };
}

function domainEvents(): { 'detail-type': string; detail: { incident?: { id: string } } & Record<string, unknown> }[] {
  try {
    return readFileSync(api.stack.eventsFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
  } catch {
    return [];
  }
}

const executionsOf = (incidentId: string) => {
  const runtime = api.stack.workflows.runtime;
  return runtime
    .stateMachineArns()
    .flatMap((arn) => runtime.list(arn))
    .filter((execution) => execution.name.startsWith(`${incidentId}-`));
};

describe('SLA clocks and escalation on the local stack', { timeout: 120_000 }, () => {
  it('starts both clocks on the seeded P1 policy, warns and breaches the response clock through the workflow', async () => {
    const incident = await raiseP1('Sign-in page answers error 500');
    const started = await eventually('both clocks', async () => {
      const all = await clocks('alice', incident.id);
      return all.length === 2 ? all : undefined;
    });
    const response = clockOf(started, 'response');
    expect(response).toMatchObject({ policyId: 'default-p1', target: 'PT15M' });
    expect(clockOf(started, 'resolution')).toMatchObject({ policyId: 'default-p1', target: 'PT4H', state: 'running' });
    // 24×7: due exactly 15 minutes of (scaled) time after creation.
    expect(Date.parse(response?.dueAt as string) - Date.parse(incident.createdAt)).toBe(15 * 60_000);

    // The view reads `breached` as soon as the due time passes; the workflow's stamp is the sla_breached event.
    const history = await eventually('the response breach stamped by the workflow', async () => {
      const res = await api.call('bob', 'GET', `/incidents/${incident.id}/history?limit=100`);
      return res.body.items.some((e: { action: string }) => e.action === 'sla_breached') ? res : undefined;
    });
    const actions = history.body.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['created', 'sla_updated', 'sla_warned', 'sla_breached']));
    const breached = clockOf(await clocks('bob', incident.id), 'response') as Clock;
    expect(breached.state).toBe('breached');
    expect((breached.warnedAt as string) < (breached.breachedAt as string)).toBe(true);
    // The warning falls at 75 % of the target: not before 11 min 15 s of scaled time.
    expect(Date.parse(breached.warnedAt as string) - Date.parse(incident.createdAt)).toBeGreaterThanOrEqual(675_000);
    expect(Date.parse(breached.breachedAt as string)).toBeGreaterThanOrEqual(Date.parse(response?.dueAt as string));

    const breachEvent = history.body.items.find((e: { action: string }) => e.action === 'sla_breached');
    expect(breachEvent.actor).toMatchObject({ id: 'system' });

    const published = await eventually('SLA Warning and SLA Breached domain events', async () => {
      const mine = domainEvents().filter((e) => JSON.stringify(e.detail).includes(incident.id));
      const types = mine.map((e) => e['detail-type']);
      return types.includes('SLA Warning') && types.includes('SLA Breached') ? types : undefined;
    });
    expect(published.filter((t) => t === 'SLA Breached')).toHaveLength(1);

    // The response execution ended; the resolution clock's execution (next generation) waits for its warning.
    const running = await eventually('the resolution execution', async () => {
      const execution = executionsOf(incident.id).find((e) => e.status === 'RUNNING');
      return execution && JSON.parse(execution.input).kind === 'resolution' ? execution : undefined;
    });
    expect(running.name).toMatch(new RegExp(`^${incident.id}-\\d+$`));
  });

  it('met late stays breached; a hold for the caller pauses resolution and stops its execution; resuming keeps the elapsed time', async () => {
    const incident = await raiseP1('Payroll export fails');
    await eventually('a running escalation execution', async () =>
      executionsOf(incident.id).find((e) => e.status === 'RUNNING'),
    );
    const held = await api.call('bob', 'PATCH', `/incidents/${incident.id}`, {
      body: { status: 'on_hold', holdReason: 'awaiting_caller', assignee: findUser('bob')?.sub },
      headers: { 'if-match': '"1"' },
    });
    expect(held.status).toBe(200);

    const paused = await eventually('the resolution clock paused', async () => {
      const all = await clocks('bob', incident.id);
      const resolution = clockOf(all, 'resolution');
      return resolution?.state === 'paused' ? all : undefined;
    });
    // Leaving `new` acknowledged the incident in time: the response clock is met.
    expect(clockOf(paused, 'response')?.state).toBe('met');
    const elapsedAtPause = clockOf(paused, 'resolution')?.elapsedSeconds as number;
    await eventually('every execution of the incident stopped', async () => {
      const all = executionsOf(incident.id);
      return all.length > 0 && all.every((e) => e.status !== 'RUNNING') ? all : undefined;
    });
    expect(executionsOf(incident.id).some((e) => e.status === 'ABORTED')).toBe(true);

    // While paused the elapsed time does not grow, the paused time does.
    const later = await eventually('paused time to accumulate', async () => {
      const resolution = clockOf(await clocks('bob', incident.id), 'resolution');
      return resolution && resolution.pausedSeconds > 0 ? resolution : undefined;
    });
    expect(later.elapsedSeconds).toBe(elapsedAtPause);

    const resumed = await api.call('bob', 'PATCH', `/incidents/${incident.id}`, {
      body: { status: 'in_progress' },
      headers: { 'if-match': '"2"' },
    });
    expect(resumed.status).toBe(200);
    const running = await eventually('the resolution clock running again with a new execution', async () => {
      const resolution = clockOf(await clocks('bob', incident.id), 'resolution');
      const execution = executionsOf(incident.id).find((e) => e.status === 'RUNNING');
      return resolution?.state === 'running' && execution ? resolution : undefined;
    });
    expect(running.elapsedSeconds).toBeGreaterThanOrEqual(elapsedAtPause);
    // The due time moved out by the paused stretch: 4 h of business time minus what had elapsed, from the resume.
    expect(Date.parse(running.dueAt as string)).toBeGreaterThan(Date.parse(incident.createdAt) + 4 * 3600_000);
  });

  it('shows a requester only their own incident’s clocks (404 alike for unknown and not yours)', async () => {
    const incident = await raiseP1('Badge readers offline');
    expect((await api.call('frank', 'GET', `/incidents/${incident.id}/sla`)).status).toBe(404);
    expect((await api.call('frank', 'GET', '/incidents/01JZZZZZZZZZZZZZZZZZZZZZZZ/sla')).status).toBe(404);
    expect((await api.call('alice', 'GET', `/incidents/${incident.number}/sla`)).status).toBe(200);
  });
});
