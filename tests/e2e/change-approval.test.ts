/**
 * CAB approval over HTTP on the local stack (as `npm start` runs it): alice raises a normal change, dave assesses it
 * (medium risk) and moves it into authorize, the approval workflow asks the CAB (dave, grace, heidi), votes go through
 * `POST /changes/{id}/approvals` (a vote retried with its Idempotency-Key is replayed, not counted twice), and the
 * change becomes `scheduled`; the CAB members got the request mail and alice the decision mail in the outbox. Then a round survives a restart of the stack:
 * the same table and data directory, a vote after the restart decides it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually';
import { type Api, startApi } from './client';
import { readOutbox, recipients } from './outbox';

const dataDir = mkdtempSync(join(tmpdir(), 'nimbus-approvals-'));
const tableName = `e2e-approvals-${Date.now()}`;
let api: Api | undefined;

afterAll(async () => {
  await api?.stack.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const rfc = (title: string) => ({
  type: 'normal',
  title,
  description: 'The load balancer pair is replaced by the new cluster.',
  services: [{ id: 'email' }],
  cis: [{ name: 'lb-01' }],
  implementationPlan: 'Move the virtual IPs one at a time.',
  backoutPlan: 'Move the virtual IPs back.',
  testPlan: 'Check every service answers through the new cluster.',
  plannedStart: '2030-06-01T20:00:00Z',
  plannedEnd: '2030-06-01T22:00:00Z',
});

/** alice raises, submits; dave authorises with medium-risk answers. Returns the change id. */
async function raiseToAuthorize(on: Api, title: string): Promise<{ id: string; number: string }> {
  const created = await on.call('alice', 'POST', '/changes', { body: rfc(title) });
  expect(created.status).toBe(201);
  const { id, number } = created.body;
  const submitted = await on.call('alice', 'PATCH', `/changes/${id}`, {
    body: { status: 'assess' },
    headers: { 'if-match': created.headers.get('etag') as string },
  });
  expect(submitted.status).toBe(200);
  const questions = await on.call('dave', 'GET', '/change-risk-questions');
  const pick = ['department', 'untested', 'often']; // 3 + 3 + 0 = 6: medium
  const riskAnswers = questions.body.items.map((q: { id: string }, i: number) => ({
    questionId: q.id,
    answerId: pick[i],
  }));
  const authorizing = await on.call('dave', 'PATCH', `/changes/${id}`, {
    body: { status: 'authorize', riskAnswers },
    headers: { 'if-match': submitted.headers.get('etag') as string },
  });
  expect(authorizing.status).toBe(200);
  expect(authorizing.body).toMatchObject({ status: 'authorize', risk: { level: 'medium' }, approval: { round: 1 } });
  return { id, number };
}

const requestsOf = (on: Api, id: string) =>
  eventually(
    'the approval requests to be recorded',
    async () => {
      const res = await on.call('alice', 'GET', `/changes/${id}/approvals`);
      return res.body?.current?.requests?.length ? res.body : undefined;
    },
    { timeoutMs: 30_000 },
  );

const statusOf = (on: Api, id: string, status: string) =>
  eventually(
    `the change to be ${status}`,
    async () => {
      const res = await on.call('alice', 'GET', `/changes/${id}`);
      return res.body?.status === status ? res.body : undefined;
    },
    { timeoutMs: 30_000 },
  );

const vote = (on: Api, who: string, id: string, decision: string, reason = 'ok', idempotencyKey?: string) =>
  on.call(who, 'POST', `/changes/${id}/approvals`, {
    body: { decision, reason },
    ...(idempotencyKey ? { headers: { 'idempotency-key': idempotencyKey } } : {}),
  });

describe('CAB approval over HTTP on the local stack', { timeout: 120_000 }, () => {
  it('alice raises a normal change, dave moves it to authorize, dave + grace vote: the change is scheduled', async () => {
    api = await startApi({ demo: true, tableName, dataDir });
    const { id, number } = await raiseToAuthorize(api, 'Replace the load balancers');

    const approvals = await requestsOf(api, id);
    expect(approvals).toMatchObject({ number, current: { round: 1, path: 'cab', state: 'pending' } });
    expect(
      approvals.current.requests.map((r: { approver: { username: string } }) => r.approver.username).sort(),
    ).toEqual(['dave', 'grace', 'heidi']);
    const pending = await api.call('grace', 'GET', '/approvals?state=pending');
    expect(pending.status).toBe(200);
    expect(pending.body.items.map((r: { change: { number: string } }) => r.change.number)).toContain(number);

    const own = await vote(api, 'alice', id, 'approve');
    expect(own.status).toBe(403);
    expect(own.headers.get('content-type')).toBe('application/problem+json');
    expect((await vote(api, 'bob', id, 'approve')).status).toBe(403); // an agent, not in the CAB
    const first = await vote(api, 'dave', number, 'approve', 'Backout tested', `dave-${id}`);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ state: 'approved', round: 1, approver: { username: 'dave' } });
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    // dave's client lost the answer and retries with the same key: the first answer again, nothing new written.
    const retried = await vote(api, 'dave', number, 'approve', 'Backout tested', `dave-${id}`);
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(retried.headers.get('location')).toBe(first.headers.get('location'));
    expect(retried.body).toEqual(first.body);
    const reused = await vote(api, 'dave', number, 'reject', 'Changed my mind', `dave-${id}`);
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const oneVote = await api.call('alice', 'GET', `/changes/${id}/approvals`);
    expect(oneVote.body.current).toMatchObject({ state: 'pending', approvals: 1, rejections: 0 });
    const twice = await vote(api, 'dave', id, 'approve');
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('ALREADY_VOTED');
    const invalid = await api.call('grace', 'POST', `/changes/${id}/approvals`, { body: { decision: 'maybe' } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors[0].path).toBe('decision');
    const deciding = await vote(api, 'grace', id, 'approve', 'ok', `grace-${id}`);
    expect(deciding.status).toBe(201);

    const scheduled = await statusOf(api, id, 'scheduled');
    expect(scheduled.approval).toMatchObject({ round: 1, state: 'approved', approvals: 2 });
    // A retry of the deciding vote after the workflow scheduled the change still gets its first answer.
    const lateRetry = await vote(api, 'grace', id, 'approve', 'ok', `grace-${id}`);
    expect(lateRetry.status).toBe(201);
    expect(lateRetry.headers.get('idempotent-replayed')).toBe('true');
    expect(lateRetry.body).toEqual(deciding.body);
    const late = await vote(api, 'heidi', id, 'reject', 'too late');
    expect(late.status).toBe(409);
    const history = await api.call('dave', 'GET', `/changes/${id}/history?limit=100`);
    const actions: string[] = history.body.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['approval_requested', 'voted', 'approval_decided', 'approved']));
    expect(actions.filter((a) => a === 'voted')).toHaveLength(2); // dave's (retried) and grace's

    // The mail of the round, from the dispatcher: each CAB member was asked, alice is told the decision.
    const outbox = api.stack.outboxDir;
    const mailsAbout = (subject: string, count: number) =>
      eventually(
        `${count} mail(s) "${subject}"`,
        async () => {
          const mails = (await readOutbox(outbox)).filter((m) => m.parsed.subject === subject);
          return mails.length >= count ? mails : undefined;
        },
        { timeoutMs: 30_000 },
      );
    const requested = await mailsAbout(`[${number}] Approval requested: Replace the load balancers`, 3);
    expect(requested.flatMap(recipients).sort()).toEqual([
      'dave@example.com',
      'grace@example.com',
      'heidi@example.com',
    ]);
    expect(requested[0]?.parsed.text).toContain('Policy: 2 of 3 approvals needed');
    expect(requested[0]?.parsed.text).toContain(`/changes/${number}`);
    const decided = await mailsAbout(`[${number}] Change approved: Replace the load balancers`, 1);
    expect(decided.flatMap(recipients)).toEqual(['alice@example.com']);
    expect(decided[0]?.parsed.text).toContain('now scheduled for its planned window');
  });

  it('a pending round survives a restart of the stack: a vote after the restart decides the change', async () => {
    if (!api) throw new Error('the first case starts the stack');
    const { id } = await raiseToAuthorize(api, 'Renew the portal certificate');
    await requestsOf(api, id);
    expect((await vote(api, 'heidi', id, 'approve')).status).toBe(201);
    await api.stack.stop();

    api = await startApi({ tableName, dataDir }); // same table, same data directory
    expect((await vote(api, 'grace', id, 'approve')).status).toBe(201);
    const scheduled = await statusOf(api, id, 'scheduled');
    expect(scheduled.approval.approvals).toBe(2);
  });
});
