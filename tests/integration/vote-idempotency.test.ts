/**
 * Votes honour Idempotency-Key over DynamoDB Local: the idempotency record is one more item of the vote's
 * transaction, so a retry with the same key and body gets the first answer (replayed) and writes nothing — also when
 * 20 retries race, and also when the first vote decided the round (or the workflow already scheduled the change) so
 * that the guard refuses the retry before any write. The same key with another body is 422; without a key a second
 * vote is still 409 ALREADY_VOTED.
 */
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { approvalDeps } from '../../functions/compose/approvals';
import { caller } from '../../functions/compose/caller';
import { approvalRuleFor } from '../../functions/domain/changes/approval-rules';
import { castVote } from '../../functions/domain/changes/cast-vote';
import type { Change } from '../../functions/domain/changes/change';
import type { Actor } from '../../functions/domain/shared/actor';
import type { IdempotencyClaim } from '../../functions/domain/shared/created';
import { changeApprovalRepository } from '../../functions/store/change-approval-repository';
import { changeRepository } from '../../functions/store/change-repository';
import { runApprovalTask } from '../../functions/workflows/change-approval/task';
import { alice, bob, carol, dave, erin, frank } from '../support/actors';
import { authorize } from '../support/change-approvals';
import { storeChange } from '../support/changes';
import { seedGroup } from '../support/desk';
import { seedPeople } from '../support/people';
import { useFreshTable } from '../support/table';

const ref = (who: Actor) => ({ id: who.id, username: who.username, name: who.name ?? who.username });

/** A medium-risk normal change of alice, implemented by bob, in `authorize`: the CAB (4) asked, quorum 2. */
async function requested(): Promise<Change> {
  const raised = await storeChange(alice, {
    status: 'assess',
    risk: { answers: [], score: 0, level: 'medium', assessedAt: '2026-12-01T09:00:00.000Z', assessedBy: ref(dave) },
    implementer: ref(bob),
  });
  const change = await authorize(raised, dave);
  const rule = approvalRuleFor(change.type, change.risk?.level);
  if (!rule || !change.approval) throw new Error('no approval rule');
  const input = { changeId: change.id, round: change.approval.round, path: rule.path, policy: rule.policy };
  expect((await runApprovalTask({ step: 'request', ...input })).acted).toBe(true);
  return (await changeRepository.get(change.id)) as Change;
}

/** The claim the HTTP kernel derives from a keyed request; `body` stands for the request's bytes. */
const claim = (who: Actor, key: string, body = 'approve'): IdempotencyClaim => ({
  scope: who.id,
  key,
  requestHash: `POST /changes/{id}/approvals\n${body}`,
});

const vote = (who: Actor, change: Change, idempotency?: IdempotencyClaim, decision: 'approve' | 'reject' = 'approve') =>
  castVote(change.id, { decision, reason: 'Backout tested' }, approvalDeps(caller(who)), idempotency);

/** The change's events of `action` (by `who` when given). */
async function events(change: Change, action: string, who?: Actor) {
  const { items } = await changeRepository.history(change.id, { limit: 100 });
  return items.filter((e) => e.action === action && (!who || e.actor.id === who.id));
}

async function round(change: Change) {
  const current = (await changeRepository.get(change.id)) as Change;
  const requests = await changeApprovalRepository.ofChange(change.id);
  const votes = Object.fromEntries(requests.map((r) => [r.approver.username, r.state]));
  return { version: current.version, status: current.status, approval: current.approval, votes };
}

beforeAll(async () => {
  await useFreshTable('vote-idempotency');
  await seedPeople();
  await seedGroup('cab', [dave, carol, erin, frank]);
  await seedGroup('change-managers', [dave, erin]);
});

describe('a vote retried with the same Idempotency-Key', { timeout: 60_000 }, () => {
  it('answers the first vote again, replayed, and writes nothing more', async () => {
    const change = await requested();
    const key = `vote-${ulid()}`;
    const first = await vote(carol, change, claim(carol, key));
    expect(first.replayed).toBe(false);
    const after = await round(change);

    const retry = await vote(carol, change, claim(carol, key));

    expect(retry.replayed).toBe(true);
    expect(retry.value).toStrictEqual(first.value);
    expect(JSON.stringify(retry.value)).toBe(JSON.stringify(first.value)); // the same bytes, in the same order
    expect(await round(change)).toEqual(after);
    expect(after.approval).toMatchObject({ state: 'pending', approvals: 1 });
    expect(after.votes.carol).toBe('approved');
    expect(await events(change, 'voted', carol)).toHaveLength(1);
  });

  it('refuses the same key with another body (422) and writes nothing', async () => {
    const change = await requested();
    const key = `vote-${ulid()}`;
    await vote(erin, change, claim(erin, key));
    const after = await round(change);

    const other = vote(erin, change, claim(erin, key, 'reject'), 'reject');

    await expect(other).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', status: 422 });
    expect(await round(change)).toEqual(after);
    expect(await events(change, 'voted', erin)).toHaveLength(1);
  });

  it('gives 20 concurrent retries one vote, one event and the same answer', async () => {
    const change = await requested();
    const key = `race-${ulid()}`;

    const results = await Promise.all(Array.from({ length: 20 }, () => vote(carol, change, claim(carol, key))));

    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(new Set(results.map((r) => JSON.stringify(r.value))).size).toBe(1);
    const now = await round(change);
    expect(now.approval).toMatchObject({ state: 'pending', approvals: 1, rejections: 0 });
    expect(now.version).toBe(change.version + 1);
    expect(now.votes.carol).toBe('approved');
    expect(await events(change, 'voted', carol)).toHaveLength(1);
  });

  it('gives 20 concurrent retries of the deciding vote one vote and one decision', async () => {
    const change = await requested();
    await vote(dave, change);
    const key = `decide-${ulid()}`;

    // The first to commit decides the round: later retries meet the guard (round decided) or the transaction.
    const results = await Promise.all(Array.from({ length: 20 }, () => vote(carol, change, claim(carol, key))));

    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(new Set(results.map((r) => JSON.stringify(r.value))).size).toBe(1);
    const now = await round(change);
    expect(now.approval).toMatchObject({ state: 'approved', approvals: 2 });
    expect(await events(change, 'voted', carol)).toHaveLength(1);
    expect(await events(change, 'approval_decided')).toHaveLength(1);
  });

  it('replays the vote that decided the round, also once the workflow scheduled the change', async () => {
    const change = await requested();
    await vote(dave, change);
    const key = `late-${ulid()}`;
    const first = await vote(erin, change, claim(erin, key));
    expect((await round(change)).approval?.state).toBe('approved');

    const decided = await vote(erin, change, claim(erin, key));
    expect(decided).toEqual({ value: first.value, replayed: true });

    const rule = approvalRuleFor(change.type, change.risk?.level);
    if (!rule) throw new Error('no approval rule');
    await runApprovalTask({ step: 'approve', changeId: change.id, round: 1, path: rule.path, policy: rule.policy });
    const scheduled = await round(change);
    expect(scheduled.status).toBe('scheduled');

    expect(await vote(erin, change, claim(erin, key))).toEqual({ value: first.value, replayed: true });
    await expect(vote(erin, change, claim(erin, key, 'reject'), 'reject')).rejects.toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
    });
    // Someone else's key, or a new key of erin's, answers nothing: the refusal stands.
    await expect(vote(carol, change, claim(carol, key))).rejects.toMatchObject({ code: 'NOT_AWAITING_APPROVAL' });
    await expect(vote(erin, change, claim(erin, `new-${ulid()}`))).rejects.toMatchObject({
      code: 'NOT_AWAITING_APPROVAL',
    });
    expect(await round(change)).toEqual(scheduled);
    expect(await events(change, 'voted', erin)).toHaveLength(1);
  });
});

describe('a second vote without the first key', () => {
  it('is 409 ALREADY_VOTED without a key, and with a new key, which is not kept', async () => {
    const change = await requested();
    await vote(carol, change);

    await expect(vote(carol, change)).rejects.toMatchObject({ code: 'ALREADY_VOTED', status: 409 });
    const fresh = claim(carol, `fresh-${ulid()}`);
    await expect(vote(carol, change, fresh)).rejects.toMatchObject({ code: 'ALREADY_VOTED', status: 409 });
    expect(await changeApprovalRepository.answered(fresh)).toBeUndefined();
    expect(await events(change, 'voted', carol)).toHaveLength(1);
  });
});
