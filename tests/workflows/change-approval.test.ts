/**
 * CAB approval over the real chain on DynamoDB Local: a change enters `authorize` (as the records part writes it),
 * the dispatcher's starter starts statemachines/change-approval.asl.json on the local Step Functions runtime through
 * the SDK, the real task handler records one request per approver and stores the task token; votes go through the
 * real use case; the vote that satisfies the policy is completed by the dispatcher (SendTaskSuccess / Failure) and
 * the workflow moves the change. Transition counts come from the runtime's execution records.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalDeps } from '../../functions/compose/approvals';
import { caller } from '../../functions/compose/caller';
import { castVote } from '../../functions/domain/changes/cast-vote';
import type { Change, RiskLevel } from '../../functions/domain/changes/change';
import { listChangeApprovals, myApprovalRequests } from '../../functions/domain/changes/read-approvals';
import { type Actor, rolesFromGroups } from '../../functions/domain/shared/actor';
import { ConflictError, ForbiddenError, NotFoundError } from '../../functions/domain/shared/errors';
import { changeRepository } from '../../functions/store/change-repository';
import { changesAwaitingApproval, resumeApprovals } from '../../infra/local/resume-approvals';
import type { Execution } from '../../infra/local/stepfunctions/runtime';
import { alice, bob, dave, erin, frank } from '../support/actors';
import { type ApprovalRig, authorize, move, startApprovalRig } from '../support/change-approvals';
import { storeChange } from '../support/changes';
import { seedGroup } from '../support/desk';
import { eventually } from '../support/eventually';
import { useFreshTable } from '../support/table';

/** Two more CAB members (the local seed has grace and heidi; their ids here are the test's own). */
const member = (username: string, groups: string[]): Actor => ({
  id: `test-${username}`,
  username,
  name: username[0]?.toUpperCase() + username.slice(1),
  roles: rolesFromGroups(groups),
});
const grace = member('grace', ['cab', 'agents']);
const heidi = member('heidi', ['cab', 'change-managers']);

let rig: ApprovalRig;

beforeAll(async () => {
  const { tableName, endpoint } = await useFreshTable('change-approval');
  await seedGroup('cab', [dave, grace, heidi, bob]);
  await seedGroup('ecab', [dave, heidi]);
  await seedGroup('change-managers', [dave, heidi]);
  rig = await startApprovalRig({ dynamoEndpoint: endpoint, tableName });
});

afterAll(async () => {
  await rig?.stop();
});

// --- helpers ---------------------------------------------------------------------------------------------------

const risk = (level: RiskLevel) => ({
  answers: [],
  score: 0,
  level,
  assessedAt: '2026-12-01T09:00:00.000Z',
  assessedBy: { id: dave.id, username: dave.username },
});

async function raise(overrides: Partial<Change> = {}): Promise<Change> {
  return storeChange(alice, {
    status: 'assess',
    risk: risk('medium'),
    plannedStart: '2026-12-20T22:00:00.000Z',
    plannedEnd: '2026-12-20T23:00:00.000Z',
    ...overrides,
  });
}

const vote = (who: Actor, change: Change, decision: 'approve' | 'reject', reason = 'Looks fine') =>
  castVote(change.id, { decision, reason }, approvalDeps(caller(who)));

const changeWhen = (what: string, id: string, ready: (change: Change) => boolean) =>
  eventually(
    what,
    async () => {
      const change = await changeRepository.get(id);
      return change && ready(change) ? change : undefined;
    },
    { timeoutMs: 20_000, everyMs: 50 },
  );

/** The round's requests are recorded and its token stored: votes are taken and decisions completed. */
const waiting = (change: Change, round = 1) =>
  changeWhen(`round ${round} of ${change.number} waiting`, change.id, (c) =>
    Boolean(c.approval?.round === round && c.approval.approvers && c.approval.taskToken),
  );

const executionWhen = (what: string, changeId: string, ready: (execution: Execution) => boolean) =>
  eventually(what, async () => rig.executionsOf(changeId).find(ready), { timeoutMs: 20_000, everyMs: 50 });

const entered = (execution: Execution) =>
  execution.history
    .filter((event) => event.type.endsWith('StateEntered'))
    .map((event) => (event.stateEnteredEventDetails as { name: string }).name);

async function actionsOf(changeId: string): Promise<string[]> {
  const { items } = await changeRepository.history(changeId, { limit: 100 });
  return items.map((event) => event.action);
}

async function finished(changeId: string, round = 1): Promise<Execution> {
  const execution = await executionWhen(`execution ${round}`, changeId, (e) => e.name === `${changeId}-${round}`);
  await execution.done;
  return execution;
}

// --- cases -----------------------------------------------------------------------------------------------------

describe('the CAB approval workflow on the local runtime and DynamoDB Local', { timeout: 60_000 }, () => {
  it('approves a medium-risk normal change on a CAB quorum of two and schedules it (3 transitions)', async () => {
    const change = await authorize(await raise({ title: 'Quorum approve' }), dave);
    const ready = await waiting(change);
    expect(ready.approval?.path).toBe('cab');
    expect(ready.approval?.policy).toEqual({ kind: 'quorum', approvals: 2 });
    expect(ready.approval?.approvers?.map((a) => a.username).sort()).toEqual(['bob', 'dave', 'grace', 'heidi']);

    const mine = await myApprovalRequests('pending', { limit: 50 }, approvalDeps(caller(grace)));
    expect(mine.items.map((r) => r.change.number)).toContain(change.number);

    await vote(dave, change, 'approve');
    expect((await changeRepository.get(change.id))?.approval?.state).toBe('pending'); // one of two
    await vote(grace, change, 'approve');

    const scheduled = await changeWhen('scheduled', change.id, (c) => c.status === 'scheduled');
    expect(scheduled.approval).toMatchObject({ state: 'approved', approvals: 2, rejections: 0 });
    expect(scheduled.approval?.taskToken).toBeUndefined();
    const execution = await finished(change.id);
    expect(execution.status).toBe('SUCCEEDED');
    expect(entered(execution)).toEqual(['RecordRequests', 'AwaitDecision', 'Approve']);
    expect(execution.transitions).toBe(3);

    const actions = await actionsOf(change.id);
    expect(actions.filter((a) => a === 'voted')).toHaveLength(2);
    expect(actions).toEqual(expect.arrayContaining(['approval_requested', 'approval_decided', 'approved']));
    const approvals = await listChangeApprovals(change.number, approvalDeps(caller(alice)));
    const states = Object.fromEntries(approvals.current?.requests.map((r) => [r.approver.username, r.state]) ?? []);
    expect(states).toEqual({ bob: 'withdrawn', dave: 'approved', grace: 'approved', heidi: 'withdrawn' });
    expect(approvals.current?.state).toBe('approved');
  });

  it('rejects on the first reject (any policy) and records why', async () => {
    const change = await authorize(await raise({ title: 'Any reject', risk: risk('very_high') }), dave);
    await waiting(change);
    await vote(dave, change, 'approve');
    await vote(heidi, change, 'reject', 'No rollback tested');
    const rejected = await changeWhen('rejected', change.id, (c) => c.status === 'rejected');
    expect(rejected.approval?.state).toBe('rejected');
    expect(rejected.closeReason).toBe('Rejected by Heidi: No rollback tested');
    const execution = await finished(change.id);
    expect(entered(execution)).toEqual(['RecordRequests', 'AwaitDecision', 'Reject']);
    expect(await actionsOf(change.id)).toContain('rejected');
  });

  it('needs every approver under `all` (very high risk): three approvals of four do not decide', async () => {
    const change = await authorize(await raise({ title: 'All of them', risk: risk('very_high') }), dave);
    await waiting(change);
    for (const who of [dave, grace, heidi]) await vote(who, change, 'approve');
    expect((await changeRepository.get(change.id))?.approval?.state).toBe('pending');
    await vote(bob, change, 'approve');
    await changeWhen('scheduled', change.id, (c) => c.status === 'scheduled');
  });

  it('low risk asks the change manager alone; a quorum larger than the approvers needs them all', async () => {
    const low = await authorize(await raise({ title: 'Low risk', risk: risk('low'), changeManager: heidi }), dave);
    const ready = await waiting(low);
    expect(ready.approval?.path).toBe('change-manager');
    expect(ready.approval?.approvers?.map((a) => a.username)).toEqual(['heidi']);
    await expect(vote(dave, low, 'approve')).rejects.toBeInstanceOf(ForbiddenError);
    await vote(heidi, low, 'approve');
    await changeWhen('scheduled', low.id, (c) => c.status === 'scheduled');

    // High risk: quorum 3 of a CAB the implementer leaves with three members → all three.
    const high = await authorize(await raise({ title: 'High risk', risk: risk('high'), implementer: bob }), dave);
    const asked = await waiting(high);
    expect(asked.approval?.approvers?.map((a) => a.username).sort()).toEqual(['dave', 'grace', 'heidi']);
    await vote(dave, high, 'approve');
    await vote(grace, high, 'approve');
    expect((await changeRepository.get(high.id))?.approval?.state).toBe('pending');
    await vote(heidi, high, 'approve');
    await changeWhen('scheduled', high.id, (c) => c.status === 'scheduled');
  });

  it('an emergency goes to the ECAB (all of it) without a risk assessment', async () => {
    const change = await authorize(
      await raise({ title: 'Emergency patch', type: 'emergency', risk: undefined, implementer: dave }),
      heidi,
    );
    const ready = await waiting(change);
    expect(ready.approval?.path).toBe('ecab');
    // dave implements it: only heidi is asked.
    expect(ready.approval?.approvers?.map((a) => a.username)).toEqual(['heidi']);
    await vote(heidi, change, 'approve');
    await changeWhen('scheduled', change.id, (c) => c.status === 'scheduled');
  });

  it('on timeout escalates to the change manager, then expires the request (rejected, reason expired)', async () => {
    rig.timeouts = { timeoutSeconds: 1, escalationTimeoutSeconds: 1 };
    try {
      const change = await authorize(await raise({ title: 'Nobody votes' }), dave);
      const expired = await changeWhen('expired', change.id, (c) => c.status === 'rejected');
      expect(expired.closeReason).toBe('expired');
      expect(expired.approval?.state).toBe('expired');
      const execution = await finished(change.id);
      expect(entered(execution)).toEqual([
        'RecordRequests',
        'AwaitDecision',
        'Escalate',
        'AwaitEscalatedDecision',
        'Expire',
      ]);
      expect(await actionsOf(change.id)).toEqual(expect.arrayContaining(['approval_escalated', 'expired']));
      await expect(vote(dave, change, 'approve')).rejects.toBeInstanceOf(ConflictError);
    } finally {
      rig.timeouts = { timeoutSeconds: 3600, escalationTimeoutSeconds: 3600 };
    }
  });

  it('a standard change goes draft → scheduled and never starts a workflow', async () => {
    const change = await storeChange(alice, { type: 'standard', templateId: 'tpl-1' });
    const scheduled = await move(change, dave, { status: 'scheduled' });
    expect(scheduled.status).toBe('scheduled');
    // A later change's round starts and finishes; by then the standard change's events have been dispatched too.
    const marker = await authorize(await raise({ title: 'Marker', risk: risk('low'), changeManager: heidi }), dave);
    await waiting(marker);
    expect(rig.executionsOf(change.id)).toEqual([]);
    expect(scheduled.approval).toBeUndefined();
  });

  it('segregation of duties: requester and implementer 403, not an approver 403, no access 404', async () => {
    const change = await authorize(await raise({ title: 'SoD', implementer: grace }), dave);
    await waiting(change);
    await expect(vote(alice, change, 'approve')).rejects.toBeInstanceOf(ForbiddenError); // requester
    await expect(vote(grace, change, 'approve')).rejects.toBeInstanceOf(ForbiddenError); // implementer
    await expect(vote(erin, change, 'approve')).rejects.toBeInstanceOf(ForbiddenError); // admin, not in the CAB
    await expect(vote(frank, change, 'approve')).rejects.toBeInstanceOf(NotFoundError); // may not see it
  });

  it('one vote per approver (409), none after the decision (409)', async () => {
    const change = await authorize(await raise({ title: 'Twice' }), dave);
    await waiting(change);
    await vote(dave, change, 'approve');
    const again = vote(dave, change, 'approve');
    await expect(again).rejects.toBeInstanceOf(ConflictError);
    await expect(again).rejects.toMatchObject({ code: 'ALREADY_VOTED', status: 409 });
    await vote(heidi, change, 'approve');
    await expect(vote(grace, change, 'approve')).rejects.toMatchObject({ status: 409 });
    await changeWhen('scheduled', change.id, (c) => c.status === 'scheduled');
    await expect(vote(bob, change, 'reject', 'late')).rejects.toMatchObject({ status: 409 });
  });

  it('concurrent votes are serialised: a quorum reached by two simultaneous votes decides', async () => {
    const change = await authorize(await raise({ title: 'Simultaneous' }), dave);
    await waiting(change);
    await Promise.all([vote(dave, change, 'approve'), vote(grace, change, 'approve')]);
    const scheduled = await changeWhen('scheduled', change.id, (c) => c.status === 'scheduled');
    expect(scheduled.approval?.approvals).toBe(2);
  });

  it('a material edit starts a new round: the old execution stops, its votes no longer count', async () => {
    const change = await authorize(await raise({ title: 'Edited' }), dave);
    await waiting(change);
    await vote(dave, change, 'approve');
    // The window moves while in authorize: round 2.
    const edited = await authorize(change, dave, {
      plannedStart: '2026-12-21T22:00:00.000Z',
      plannedEnd: '2026-12-21T23:00:00.000Z',
    });
    expect(edited.approval?.round).toBe(2);
    const old = await executionWhen(
      'round 1 stopped',
      change.id,
      (e) => e.name.endsWith('-1') && e.status === 'ABORTED',
    );
    expect(old.status).toBe('ABORTED');
    const ready = await waiting(change, 2);
    expect(ready.approval?.approvals).toBe(0);
    await vote(grace, change, 'approve');
    expect((await changeRepository.get(change.id))?.approval?.state).toBe('pending'); // dave's round-1 vote is void
    await vote(dave, change, 'approve');
    await changeWhen('scheduled', change.id, (c) => c.status === 'scheduled');
    const approvals = await listChangeApprovals(change.id, approvalDeps(caller(dave)));
    expect(approvals.current?.round).toBe(2);
    expect(approvals.previous.map((r) => [r.round, r.state])).toEqual([[1, 'superseded']]);
    expect(approvals.previous[0]?.requests.find((r) => r.approver.username === 'dave')?.state).toBe('approved');
    expect(approvals.previous[0]?.requests.find((r) => r.approver.username === 'grace')?.state).toBe('withdrawn');
  });

  it('survives a restart of the runtime: the round resumes and a vote after the restart decides it', async () => {
    const change = await authorize(await raise({ title: 'Restart' }), dave);
    const before = await waiting(change);
    await vote(dave, change, 'approve');
    await rig.restartRuntime(); // the in-memory executions and their tokens are gone
    expect(rig.executionsOf(change.id)).toEqual([]);

    const resumed = await resumeApprovals(rig.workflow, changesAwaitingApproval(changeRepository), Date.now);
    expect(resumed).toBeGreaterThanOrEqual(1);
    const again = await changeWhen('a new token stored', change.id, (c) =>
      Boolean(c.approval?.taskToken && c.approval.taskToken !== before.approval?.taskToken),
    );
    expect(again.approval?.approvals).toBe(1); // dave's vote stayed
    await vote(grace, change, 'approve');
    await changeWhen('scheduled', change.id, (c) => c.status === 'scheduled');
    const execution = await finished(change.id);
    expect(entered(execution)).toEqual(['RecordRequests', 'AwaitDecision', 'Approve']);
  });

  it('a round decided while the runtime was down completes as soon as it is resumed', async () => {
    const change = await authorize(await raise({ title: 'Decided while down' }), dave);
    await waiting(change);
    await rig.restartRuntime();
    await vote(dave, change, 'approve');
    await vote(heidi, change, 'approve'); // decided; its token died with the runtime (TaskDoesNotExist, tolerated)
    const decided = await changeRepository.get(change.id);
    expect([decided?.status, decided?.approval?.state]).toEqual(['authorize', 'approved']);

    await resumeApprovals(rig.workflow, changesAwaitingApproval(changeRepository), Date.now);
    await changeWhen('scheduled', change.id, (c) => c.status === 'scheduled');
  });

  it('cancelling a change in authorize stops its round', async () => {
    const change = await authorize(await raise({ title: 'Cancelled' }), dave);
    await waiting(change);
    await move(change, dave, { status: 'cancelled', closeReason: 'not needed' });
    const stopped = await executionWhen('stopped', change.id, (e) => e.status === 'ABORTED');
    expect(stopped.name).toBe(`${change.id}-1`);
  });
});
