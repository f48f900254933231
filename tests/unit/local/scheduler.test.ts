import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteScheduleCommand, GetScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { afterEach, describe, expect, it } from 'vitest';
import { EventBridgeReviewScheduler } from '../../../functions/dispatch/changes/eventbridge-scheduler';
import { pirScheduleName, scheduleGroupName } from '../../../functions/schedules/schedules';
import { repositoryRoot } from '../../../infra/local/paths';
import { LocalScheduler, type LocalSchedulerOptions, type TargetFunction } from '../../../infra/local/scheduler';
import { type SchedulerEndpoint, serveScheduler } from '../../../infra/local/scheduler-server';
import { eventually } from '../../support/eventually';

const running: { scheduler: LocalScheduler; endpoint: SchedulerEndpoint; client: SchedulerClient }[] = [];

afterEach(async () => {
  for (const { scheduler, endpoint, client } of running.splice(0)) {
    client.destroy();
    await endpoint.stop();
    await scheduler.close();
  }
});

function recorder() {
  const calls: unknown[] = [];
  const target: TargetFunction = async (event) => {
    calls.push(event);
  };
  return { calls, target };
}

async function start(options: Partial<LocalSchedulerOptions> = {}) {
  const scheduler = new LocalScheduler({ root: repositoryRoot, retryDelayMillis: 10, ...options });
  const endpoint = await serveScheduler(scheduler);
  scheduler.start();
  const client = new SchedulerClient({
    region: 'us-east-1',
    endpoint: endpoint.url,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  running.push({ scheduler, endpoint, client });
  const port = (now: () => Date = () => new Date(), overdueLeadMillis?: number) =>
    new EventBridgeReviewScheduler(client, {
      groupName: scheduleGroupName,
      targetArn: scheduler.targetArn('postImplementationReview'),
      roleArn: scheduler.roleArn(),
      now,
      ...(overdueLeadMillis === undefined ? {} : { overdueLeadMillis }),
    });
  return { scheduler, client, port };
}

const changeId = '01JF5Z6Q7W8X9Y0Z1A2B3C4D5E';

describe('the local scheduler behind the real @aws-sdk/client-scheduler', () => {
  it('creates a one-time schedule once: the same name again is ConflictException, which the port calls exists', async () => {
    const { client, port } = await start({ targets: { postImplementationReview: recorder().target } });
    const at = new Date(Math.floor(Date.now() / 1000) * 1000 + 3_600_000).toISOString();
    const request = { name: pirScheduleName(changeId), at, input: { changeId, reviewDueAt: at } };
    expect(await port().scheduleOnce(request)).toBe('created');
    expect(await port().scheduleOnce(request)).toBe('exists');
    const got = await client.send(new GetScheduleCommand({ Name: request.name, GroupName: scheduleGroupName }));
    expect(got).toMatchObject({
      Name: request.name,
      GroupName: 'nimbus',
      ScheduleExpression: `at(${at.slice(0, 19)})`,
      ActionAfterCompletion: 'DELETE',
    });
    expect(JSON.parse(got.Target?.Input ?? '{}')).toEqual({ changeId, reviewDueAt: at });
    await client.send(new DeleteScheduleCommand({ Name: request.name, GroupName: scheduleGroupName }));
    await expect(
      client.send(new GetScheduleCommand({ Name: request.name, GroupName: scheduleGroupName })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('never schedules a review before it is due: at() rounds up to the second, and a late event waits for it', async () => {
    const { client, port } = await start({ targets: { postImplementationReview: recorder().target } });
    const now = () => new Date('2030-01-01T00:00:00.250Z');
    const cases = [
      ['pir-later', '2030-01-01T02:00:00.100Z', undefined, 'at(2030-01-01T02:00:01)'],
      ['pir-whole-second', '2030-01-01T03:00:00.000Z', undefined, 'at(2030-01-01T03:00:00)'],
      // Already overdue (a redelivered event): the overdue lead (60 s on AWS) from now, rounded up.
      ['pir-overdue', '2029-12-31T23:59:00.000Z', undefined, 'at(2030-01-01T00:01:01)'],
      // The local stack's lead is 0: a review due within the second (a late event) waits for its due time.
      ['pir-within-a-second', '2030-01-01T00:00:00.750Z', 0, 'at(2030-01-01T00:00:01)'],
      ['pir-overdue-local', '2029-12-31T23:59:00.000Z', 0, 'at(2030-01-01T00:00:01)'],
    ] as const;
    for (const [name, at, lead, expression] of cases) {
      await port(now, lead).scheduleOnce({ name, at, input: { changeId, reviewDueAt: at } });
      const got = await client.send(new GetScheduleCommand({ Name: name, GroupName: scheduleGroupName }));
      expect(got.ScheduleExpression, name).toBe(expression);
    }
  });

  it('fires a due schedule with its input, once, and deletes it after completion', async () => {
    const { calls, target } = recorder();
    const { scheduler, port } = await start({ targets: { postImplementationReview: target } });
    // Due a second from now (the port never schedules in the past: a due review fires a minute later on AWS).
    const soon = Date.now() + 1000;
    await port(() => new Date(soon - 60_000)).scheduleOnce({
      name: pirScheduleName(changeId),
      at: new Date(soon).toISOString(),
      input: { changeId, reviewDueAt: new Date(soon).toISOString() },
    });
    await eventually('the review target to be invoked', async () => (calls.length > 0 ? true : undefined), {
      timeoutMs: 10_000,
    });
    await scheduler.idle();
    expect(calls).toEqual([{ changeId, reviewDueAt: new Date(soon).toISOString() }]);
    expect(scheduler.list(scheduleGroupName)).toEqual([]);
  });

  it('keeps one-time schedules across a restart and fires those that fell due while it was down', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'nimbus-schedules-')), 'schedules.json');
    const first = await start({ file, targets: { postImplementationReview: recorder().target } });
    const dueSoon = new Date(Date.now() + 1500).toISOString();
    const later = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const p = first.port(() => new Date(Date.now() - 120_000));
    await p.scheduleOnce({ name: 'pir-a', at: dueSoon, input: { changeId: 'a', reviewDueAt: dueSoon } });
    await p.scheduleOnce({ name: 'pir-b', at: later, input: { changeId: 'b', reviewDueAt: later } });
    const { scheduler, endpoint, client } = running.pop()!;
    client.destroy();
    await endpoint.stop();
    await scheduler.close(); // "npm start" stopped before pir-a was due
    expect(JSON.parse(readFileSync(file, 'utf8')).map((s: { name: string }) => s.name)).toEqual(['pir-a', 'pir-b']);

    const { calls, target } = recorder();
    // It starts again two seconds of clock later: pir-a fell due while it was down.
    const second = await start({
      file,
      realNow: () => Date.now() + 2000,
      targets: { postImplementationReview: target },
    });
    await eventually('the overdue review to fire after the restart', async () => (calls.length ? true : undefined), {
      timeoutMs: 10_000,
    });
    await second.scheduler.idle();
    expect(calls).toEqual([{ changeId: 'a', reviewDueAt: dueSoon }]);
    expect(second.scheduler.list().map((s) => s.name)).toEqual(['pir-b']);
    expect(JSON.parse(readFileSync(file, 'utf8')).map((s: { name: string }) => s.name)).toEqual(['pir-b']);
  });

  it('fires the weekly agenda on the scaled clock with the scheduled time filled in', async () => {
    const { calls, target } = recorder();
    // At 2,000,000× a week passes in about 0.3 s of real time.
    const { scheduler } = await start({
      time: { origin: Date.now(), scale: 2_000_000 },
      targets: { cabAgenda: target },
    });
    const expected = scheduler.nextCronFirings().cabAgenda!;
    expect(new Date(expected).getUTCDay()).toBe(1);
    expect(expected.slice(11)).toBe('08:00:00.000Z');
    await eventually('the agenda to fire', async () => (calls.length ? true : undefined), { timeoutMs: 10_000 });
    expect(calls[0]).toEqual({ scheduledTime: `${expected.slice(0, 19)}Z` });
  });

  it('retries a failing target, then writes the firing to the dead-letter file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'nimbus-schedules-')), 'dead.ndjson');
    let attempts = 0;
    const { scheduler, port } = await start({
      deadLetterFile: file,
      maxAttempts: 3,
      targets: {
        postImplementationReview: async () => {
          attempts++;
          throw new Error('table unavailable');
        },
      },
    });
    const at = new Date(Date.now() + 300).toISOString();
    await port(() => new Date(Date.now() - 120_000)).scheduleOnce({
      name: 'pir-x',
      at,
      input: { changeId: 'x', reviewDueAt: at },
    });
    await eventually('the firing to fail for good', async () =>
      scheduler.firings().find((f) => f.outcome === 'failed'),
    );
    expect(attempts).toBe(3);
    const [dead] = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(dead).toMatchObject({ schedule: 'pir-x', error: 'table unavailable' });
  });

  it('refuses what it cannot run: a recurring expression, an unknown target', async () => {
    const { scheduler } = await start();
    expect(() =>
      scheduler.create({
        name: 'x',
        expression: 'rate(5 minutes)',
        targetArn: scheduler.targetArn('cabAgenda'),
        roleArn: 'r',
      }),
    ).toThrow(/at\(…\) schedules only/);
    expect(() =>
      scheduler.create({
        name: 'x',
        expression: 'at(2030-01-01T00:00:00)',
        targetArn: 'arn:aws:lambda:x',
        roleArn: 'r',
      }),
    ).toThrow(/No schedule target/);
  });
});
