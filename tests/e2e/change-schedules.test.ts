/**
 * Post-implementation review end to end on the local stack: a standard change is implemented over HTTP; the
 * dispatcher creates its one-time review schedule on the local EventBridge Scheduler (through the real
 * @aws-sdk/client-scheduler); the schedule fires on the stack's clock, the change moves to review by itself and its
 * change manager is mailed (the outbox). PIR_DELAY_DAYS is tiny here (about 4 seconds).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUser } from '../../infra/local/users';
import { eventually } from '../support/eventually';
import { type Api, startApi } from './client';
import { readOutbox, recipients } from './outbox';

let api: Api;
const previousDelay = process.env.PIR_DELAY_DAYS;
const sub = (name: string) => findUser(name)?.sub ?? '';

beforeAll(async () => {
  process.env.PIR_DELAY_DAYS = '0.00005'; // 4.32 s
  api = await startApi({ demo: true });
});
afterAll(async () => {
  await api?.stack.stop();
  if (previousDelay === undefined) delete process.env.PIR_DELAY_DAYS;
  else process.env.PIR_DELAY_DAYS = previousDelay;
});

async function patch(username: string, change: { id: string }, etag: string, body: Record<string, unknown>) {
  const res = await api.call(username, 'PATCH', `/changes/${change.id}`, { body, headers: { 'if-match': etag } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { change: res.body, etag: res.headers.get('etag') as string };
}

describe('post-implementation review', () => {
  it('opens by itself after the implementation is recorded, and the change manager is mailed', {
    timeout: 120_000,
  }, async () => {
    const templates = await api.call('alice', 'GET', '/change-templates');
    expect(templates.status).toBe(200);
    const template = templates.body.items.find((t: { active: boolean }) => t.active);
    const start = new Date(Date.now() + 3_600_000).toISOString();
    const created = await api.call('alice', 'POST', '/changes', {
      body: {
        type: 'standard',
        templateId: template.id,
        plannedStart: start,
        implementerId: sub('bob'),
        changeManagerId: sub('heidi'),
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    let step = { change: created.body, etag: created.headers.get('etag') as string };
    step = await patch('alice', step.change, step.etag, { status: 'scheduled' });
    step = await patch('bob', step.change, step.etag, { status: 'implement' });
    step = await patch('bob', step.change, step.etag, {
      implementation: { outcome: 'implemented', notes: 'Restarted, health checks green' },
    });
    expect(step.change.status).toBe('implement');
    const { id, number } = step.change as { id: string; number: string };

    const inReview = await eventually(
      'the review schedule to move the change to review',
      async () => {
        const res = await api.call('heidi', 'GET', `/changes/${id}`);
        return res.body.status === 'review' ? res.body : undefined;
      },
      { timeoutMs: 60_000, everyMs: 250 },
    );
    expect(inReview.review.openedAt).toEqual(expect.any(String));
    expect(inReview.review.outcome).toBeUndefined();
    // Never before it was due (at() rounds up to the whole second); later only when the dispatcher ran late.
    expect(Date.parse(inReview.review.openedAt)).toBeGreaterThanOrEqual(
      Date.parse(step.change.implementation.reviewDueAt),
    );

    const history = await api.call('heidi', 'GET', `/changes/${id}/history`);
    const opened = history.body.items.filter((e: { changes: { field: string; after: unknown }[] }) =>
      e.changes.some((c) => c.field === 'status' && c.after === 'review'),
    );
    expect(opened).toHaveLength(1);
    expect(opened[0].actor).toMatchObject({ system: { reason: 'post-implementation review' } });

    const mail = await eventually('the mail to the change manager', async () =>
      (await readOutbox(api.stack.outboxDir)).find(
        (m) => m.parsed.subject?.startsWith(`[${number}] Post-implementation review open`) ?? false,
      ),
    );
    expect(recipients(mail)).toEqual(['heidi@example.com']);
    expect(mail.parsed.text).toContain(`/changes/${number}`);

    // The review outcome closes the change.
    const current = await api.call('heidi', 'GET', `/changes/${id}`);
    const closed = await patch('heidi', inReview, current.headers.get('etag') as string, {
      review: { outcome: 'successful', lessonsLearned: 'The template held; nothing to change' },
    });
    expect(closed.change).toMatchObject({
      status: 'closed',
      review: { outcome: 'successful', openedAt: inReview.review.openedAt },
    });
    // The one-time schedule deleted itself after it fired.
    expect(api.stack.schedules.scheduler.list().map((s) => s.name)).not.toContain(`pir-${id}`);
  });
});
