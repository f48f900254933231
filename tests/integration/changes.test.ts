import { beforeAll, describe, expect, it } from 'vitest';
import { caller, ids } from '../../functions/compose/caller';
import { changeDeps } from '../../functions/compose/changes';
import type { Change, ChangeConflicts } from '../../functions/domain/changes/change';
import { createChange } from '../../functions/domain/changes/create-change';
import type { ChangeDeps } from '../../functions/domain/changes/deps';
import { BlackoutConflictError, ChangeTransitionError } from '../../functions/domain/changes/errors';
import type { ConflictChecker } from '../../functions/domain/changes/ports';
import { getChange, getChangeHistory, listChanges } from '../../functions/domain/changes/read-changes';
import type { RiskQuestion } from '../../functions/domain/changes/risk';
import {
  createRiskQuestion,
  listRiskQuestions,
  updateRiskQuestion,
} from '../../functions/domain/changes/risk-questions';
import { systemMove } from '../../functions/domain/changes/system-move';
import { createTemplate, listTemplates, updateTemplate } from '../../functions/domain/changes/templates';
import { updateChange } from '../../functions/domain/changes/update-change';
import type { Actor } from '../../functions/domain/shared/actor';
import { fixedClock } from '../../functions/domain/shared/clock';
import {
  BusinessRuleError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PreconditionFailedError,
  PreconditionRequiredError,
  ValidationError,
} from '../../functions/domain/shared/errors';
import { changeRepository } from '../../functions/store/change-repository';
import { alice, bob, dave, erin, frank } from '../support/actors';
import { seedTaxonomy } from '../support/desk';
import { seedPeople } from '../support/people';
import { useFreshTable } from '../support/table';

const clock = fixedClock('2026-12-02T10:00:00.000Z');
let blackouts: ChangeConflicts['blackouts'] = [];
const checked: string[] = [];
const fakeConflicts: ConflictChecker = {
  async check(change, now) {
    checked.push(change.id);
    return { blackouts, overlaps: [], checkedAt: now };
  },
};
const deps = (who: Actor): ChangeDeps => ({ ...changeDeps(caller(who, clock)), conflicts: fakeConflicts });

const normal = (overrides: Record<string, unknown> = {}) => ({
  type: 'normal',
  title: 'Upgrade the mail gateway',
  description: 'Security release',
  services: [{ id: 'email' }, { name: 'Outbound relay' }],
  cis: [{ name: 'mx-gw-01' }],
  implementationPlan: 'Drain, upgrade, undrain',
  backoutPlan: 'Restore the snapshot',
  testPlan: 'Send a test mail',
  plannedStart: '2026-12-10T20:00:00Z',
  plannedEnd: '2026-12-10T22:00:00Z',
  ...overrides,
});

let questions: RiskQuestion[] = [];
const lowRisk = () => questions.map((q) => ({ questionId: q.id, answerId: 'low' }));
const mediumRisk = () => questions.map((q) => ({ questionId: q.id, answerId: 'medium' }));

async function patch(who: Actor, change: Change, body: Record<string, unknown>): Promise<Change> {
  return updateChange(change.id, change.version, body, deps(who));
}

beforeAll(async () => {
  await useFreshTable('changes');
  await seedPeople();
  await seedTaxonomy('service', 'email');
  for (const [order, text] of [
    [20, 'Can it be backed out within an hour?'],
    [10, 'How many users would an outage affect?'],
  ] as const) {
    await createRiskQuestion(
      {
        text,
        order,
        answers: [
          { id: 'low', text: 'Low', weight: 1 },
          { id: 'medium', text: 'Medium', weight: 3 },
          { id: 'high', text: 'High', weight: 8 },
        ],
      },
      deps(erin),
    );
  }
  questions = (await listRiskQuestions({}, deps(alice))).items;
});

describe('raising and reading changes', () => {
  it('creates a draft with a CHG number, names the service from the taxonomy and audits it', async () => {
    const { value } = await createChange(normal({ implementerId: bob.id }), deps(alice));
    expect(value).toMatchObject({
      number: expect.stringMatching(/^CHG\d{7}$/),
      status: 'draft',
      version: 1,
      requester: { id: alice.id, username: 'alice', name: 'Alice Archer' },
      implementer: { id: bob.id, username: 'bob', name: 'Bob Baker' },
      services: [
        { kind: 'service', id: 'email', name: 'email' },
        { kind: 'service', name: 'Outbound relay' },
      ],
      cis: [{ kind: 'ci', name: 'mx-gw-01' }],
      plannedStart: '2026-12-10T20:00:00.000Z',
    });
    expect(await getChange(value.number, deps(dave))).toEqual(value);
    const history = await getChangeHistory(value.id, {}, deps(dave));
    expect(history.items).toHaveLength(1);
    expect(history.items[0]).toMatchObject({ action: 'created', recordType: 'change', subject: { status: 'draft' } });
  });

  it('refuses bad input naming the field: unknown service, unknown person, a window too long or backwards', async () => {
    await expect(createChange(normal({ services: [{ id: 'no-such' }] }), deps(alice))).rejects.toMatchObject({
      code: 'UNKNOWN_SERVICE',
      errors: [{ path: 'services.0.id' }],
    });
    await expect(createChange(normal({ implementerId: 'nobody' }), deps(alice))).rejects.toMatchObject({
      code: 'UNKNOWN_USER',
      errors: [{ path: 'implementerId' }],
    });
    await expect(createChange(normal({ plannedEnd: '2026-12-30T00:00:00Z' }), deps(alice))).rejects.toMatchObject({
      errors: [{ path: 'plannedEnd' }],
    });
    await expect(createChange(normal({ plannedEnd: '2026-12-10T19:00:00Z' }), deps(alice))).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(createChange(normal({ implementationPlan: undefined }), deps(alice))).rejects.toMatchObject({
      errors: [{ path: 'implementationPlan' }],
    });
    await expect(createChange({ type: 'standard', title: 'x' }, deps(alice))).rejects.toMatchObject({
      errors: [{ path: 'templateId' }],
    });
  });

  it('shows requesters only their own changes (404 for others’) and the desk all of them', async () => {
    const { value: mine } = await createChange(normal({ title: 'Frank’s change' }), deps(frank));
    await expect(getChange(mine.id, deps(alice))).rejects.toBeInstanceOf(NotFoundError);
    await expect(getChangeHistory(mine.id, {}, deps(alice))).rejects.toBeInstanceOf(NotFoundError);
    expect((await getChange(mine.id, deps(bob))).id).toBe(mine.id);
    const franks = await listChanges({}, deps(frank));
    expect(franks.items.map((c) => c.id)).toEqual([mine.id]);
    const all = await listChanges({ limit: '100' }, deps(dave));
    expect(all.items.map((c) => c.id)).toContain(mine.id);
    expect(all.items.some((c) => c.requester.id === alice.id)).toBe(true);
    const davesOwn = await listChanges({ mine: 'true' }, deps(dave));
    expect(davesOwn.items).toEqual([]);
  });

  it('lets the implementer see a change they do not request', async () => {
    const { value } = await createChange(normal({ implementerId: frank.id }), deps(alice));
    expect((await getChange(value.id, deps(frank))).id).toBe(value.id);
  });
});

describe('the lifecycle', () => {
  it('runs draft → assess (requester) → authorize (change manager, with risk) and starts approval round 1', async () => {
    const { value: draft } = await createChange(normal(), deps(alice));
    const assessing = await patch(alice, draft, { status: 'assess' });
    expect(assessing.status).toBe('assess');
    await expect(patch(alice, assessing, { status: 'authorize' })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(patch(dave, assessing, { status: 'authorize' })).rejects.toMatchObject({
      code: 'RISK_REQUIRED',
      errors: [{ path: 'riskAnswers' }],
    });
    const authorizing = await patch(dave, assessing, { status: 'authorize', riskAnswers: mediumRisk() });
    expect(authorizing).toMatchObject({
      status: 'authorize',
      risk: { score: 6, level: 'medium', assessedBy: { username: 'dave' } },
      approval: { round: 1, path: 'cab', executionName: `${draft.id}-1`, state: 'pending' },
      conflicts: { blackouts: [], overlaps: [] },
    });
    const { items } = await getChangeHistory(draft.id, {}, deps(dave));
    expect(items.at(-1)?.changes).toContainEqual({ field: 'status', before: 'assess', after: 'authorize' });
    expect(items.at(-1)?.subject).toMatchObject({ status: 'authorize', approvalRound: 1, riskLevel: 'medium' });
  });

  it('routes a low-risk normal change to the change manager and an emergency to the ECAB', async () => {
    const { value: low } = await createChange(normal(), deps(alice));
    const lowAssess = await patch(alice, low, { status: 'assess' });
    const lowAuth = await patch(dave, lowAssess, { status: 'authorize', riskAnswers: lowRisk() });
    expect(lowAuth.approval?.path).toBe('change-manager');
    const { value: em } = await createChange(normal({ type: 'emergency' }), deps(alice));
    const emAssess = await patch(alice, em, { status: 'assess' });
    expect((await patch(dave, emAssess, { status: 'authorize' })).approval?.path).toBe('ecab');
  });

  it('answers an invalid move with 422 and the moves the caller could make', async () => {
    const { value: draft } = await createChange(normal(), deps(alice));
    const error = await patch(alice, draft, { status: 'closed' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChangeTransitionError);
    expect((error as ChangeTransitionError).details).toEqual({
      from: 'draft',
      to: 'closed',
      allowed: ['assess', 'cancelled'],
    });
    await expect(patch(alice, draft, { status: 'scheduled' })).rejects.toBeInstanceOf(ChangeTransitionError);
  });

  it('keeps the approval workflow’s moves to Nimbus (422 for a person, even a change manager)', async () => {
    const { value } = await createChange(normal(), deps(alice));
    const assess = await patch(alice, value, { status: 'assess' });
    const auth = await patch(dave, assess, { status: 'authorize', riskAnswers: lowRisk() });
    const error = await patch(dave, auth, { status: 'scheduled' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChangeTransitionError);
    expect((error as ChangeTransitionError).details?.allowed).toEqual(['assess', 'cancelled']);
    await expect(patch(erin, auth, { status: 'rejected' })).rejects.toBeInstanceOf(ChangeTransitionError);
  });

  it('needs If-Match, and refuses a stale version (412)', async () => {
    const { value } = await createChange(normal(), deps(alice));
    await expect(updateChange(value.id, undefined, { title: 'x' }, deps(alice))).rejects.toBeInstanceOf(
      PreconditionRequiredError,
    );
    await patch(alice, value, { title: 'First edit' });
    await expect(patch(alice, value, { title: 'Second edit' })).rejects.toBeInstanceOf(PreconditionFailedError);
  });

  it('lets requesters edit only their own draft', async () => {
    const { value } = await createChange(normal(), deps(alice));
    const assess = await patch(alice, value, { status: 'assess' });
    await expect(patch(alice, assess, { title: 'Too late' })).rejects.toBeInstanceOf(ForbiddenError);
    expect((await patch(dave, assess, { title: 'Clarified' })).title).toBe('Clarified');
  });

  it('cancels with a reason only', async () => {
    const { value } = await createChange(normal(), deps(alice));
    await expect(patch(alice, value, { status: 'cancelled' })).rejects.toMatchObject({
      code: 'CLOSE_REASON_REQUIRED',
      errors: [{ path: 'closeReason' }],
    });
    const cancelled = await patch(alice, value, { status: 'cancelled', closeReason: 'Not needed' });
    expect(cancelled).toMatchObject({ status: 'cancelled', closeReason: 'Not needed' });
    await expect(patch(dave, cancelled, { title: 'x' })).rejects.toMatchObject({ code: 'CHANGE_CLOSED' });
  });
});

describe('re-authorisation after a material edit', () => {
  it('starts a new round in authorize, and sends a scheduled change back to authorize', async () => {
    const { value } = await createChange(normal(), deps(alice));
    const assess = await patch(alice, value, { status: 'assess' });
    const round1 = await patch(dave, assess, { status: 'authorize', riskAnswers: mediumRisk() });
    const round2 = await patch(dave, round1, { backoutPlan: 'Fail over to the standby gateway' });
    expect(round2).toMatchObject({ status: 'authorize', approval: { round: 2, executionName: `${value.id}-2` } });
    let { items } = await getChangeHistory(value.id, {}, deps(dave));
    expect(items.at(-1)?.changes).toContainEqual({ field: 'status', before: 'authorize', after: 'authorize' });

    // A title is not material: the round stays.
    const retitled = await patch(dave, round2, { title: 'Upgrade the mail gateway (10.4)' });
    expect(retitled.approval?.round).toBe(2);

    const scheduled = await systemMove(
      { changes: changeRepository, ids, clock },
      {
        changeId: value.id,
        from: ['authorize'],
        to: 'scheduled',
        reason: 'workflow change-approval',
        patch: { approval: { ...(retitled.approval as NonNullable<Change['approval']>), state: 'approved' } },
      },
    );
    expect(scheduled?.status).toBe('scheduled');
    const round3 = await patch(dave, scheduled as Change, { plannedEnd: '2026-12-10T23:00:00Z' });
    expect(round3).toMatchObject({ status: 'authorize', approval: { round: 3, state: 'pending' } });
    ({ items } = await getChangeHistory(value.id, {}, deps(dave)));
    expect(items.at(-1)?.changes).toContainEqual({ field: 'status', before: 'scheduled', after: 'authorize' });
  });
});

describe('blackout windows', () => {
  const blackout = {
    blackoutId: 'B1',
    name: 'Year-end freeze',
    start: '2026-12-10T00:00:00.000Z',
    end: '2026-12-11T00:00:00.000Z',
  };

  it('blocks entering authorize over a blackout (422 naming plannedStart, with the blackouts)', async () => {
    const { value } = await createChange(normal(), deps(alice));
    const assess = await patch(alice, value, { status: 'assess' });
    blackouts = [blackout];
    try {
      const error = await patch(dave, assess, { status: 'authorize', riskAnswers: lowRisk() }).catch((e) => e);
      expect(error).toBeInstanceOf(BlackoutConflictError);
      expect(error).toMatchObject({
        status: 422,
        code: 'BLACKOUT_CONFLICT',
        errors: [{ path: 'plannedStart' }],
        details: { blackouts: [blackout] },
      });
      await expect(patch(dave, assess, { blackoutOverride: { reason: 'Needed' } })).rejects.toMatchObject({
        code: 'OVERRIDE_NOT_ALLOWED',
        errors: [{ path: 'blackoutOverride' }],
      });
      expect((await getChange(value.id, deps(dave))).status).toBe('assess');
    } finally {
      blackouts = [];
    }
  });

  it('lets an emergency change through with an override (stored and audited), given by a change manager', async () => {
    const { value } = await createChange(normal({ type: 'emergency' }), deps(alice));
    const assess = await patch(alice, value, { status: 'assess' });
    blackouts = [blackout];
    try {
      await expect(patch(dave, assess, { status: 'authorize' })).rejects.toBeInstanceOf(BlackoutConflictError);
      await expect(patch(alice, assess, { blackoutOverride: { reason: 'Mail is down' } })).rejects.toBeInstanceOf(
        ForbiddenError,
      );
      const auth = await patch(dave, assess, {
        status: 'authorize',
        blackoutOverride: { reason: 'Mail is down for everyone; the fix cannot wait' },
      });
      expect(auth).toMatchObject({
        status: 'authorize',
        approval: { path: 'ecab' },
        blackoutOverride: { reason: 'Mail is down for everyone; the fix cannot wait', by: { username: 'dave' } },
        conflicts: { blackouts: [blackout] },
      });
      const { items } = await getChangeHistory(value.id, {}, deps(dave));
      expect(items.at(-1)?.changes.map((c) => c.field)).toContain('blackoutOverride');
    } finally {
      blackouts = [];
    }
  });

  it('re-checks conflicts when the window of a scheduled change moves', async () => {
    const { value } = await createChange(normal(), deps(alice));
    const assess = await patch(alice, value, { status: 'assess' });
    checked.length = 0;
    const auth = await patch(dave, assess, { status: 'authorize', riskAnswers: lowRisk() });
    expect(checked).toEqual([value.id]);
    await patch(dave, auth, { description: 'More detail' });
    expect(checked).toEqual([value.id]);
    await patch(dave, await getChange(value.id, deps(dave)), { services: [{ name: 'Relay' }] });
    expect(checked).toEqual([value.id, value.id]);
  });
});

describe('standard changes and templates', () => {
  it('go draft → scheduled from an active template without CAB; the plans stay the template’s', async () => {
    const { value: template } = await createTemplate(
      {
        name: 'Restart an application server',
        description: 'Rolling restart',
        title: 'Rolling restart of app-01',
        implementationPlan: 'Out of the pool, restart, back in',
        backoutPlan: 'Leave it out of the pool',
        testPlan: 'Health check for 5 minutes',
        defaultDurationMinutes: 30,
      },
      deps(erin),
    );
    await expect(createTemplate({ name: 'x' }, deps(alice))).rejects.toBeInstanceOf(ForbiddenError);
    expect((await listTemplates({}, deps(alice))).items.map((t) => t.id)).toContain(template.id);

    const { value } = await createChange(
      { type: 'standard', templateId: template.id, plannedStart: '2026-12-12T06:00:00Z' },
      deps(alice),
    );
    expect(value).toMatchObject({
      type: 'standard',
      templateId: template.id,
      title: 'Rolling restart of app-01',
      implementationPlan: 'Out of the pool, restart, back in',
      plannedEnd: '2026-12-12T06:30:00.000Z',
    });
    await expect(patch(alice, value, { backoutPlan: 'Something else' })).rejects.toMatchObject({
      code: 'TEMPLATE_FIXED',
    });
    const scheduled = await patch(alice, value, { status: 'scheduled' });
    expect(scheduled.status).toBe('scheduled');
    expect(scheduled.approval).toBeUndefined();
    expect(scheduled.conflicts).toBeDefined();

    const retired = await updateTemplate(template.id, template.version, { active: false }, deps(erin));
    expect(retired.active).toBe(false);
    await expect(createChange({ type: 'standard', templateId: template.id }, deps(alice))).rejects.toMatchObject({
      code: 'RETIRED_TEMPLATE',
      errors: [{ path: 'templateId' }],
    });
  });

  it('refuses a standard change into authorize, and a normal change straight to scheduled', async () => {
    const { value } = await createChange(normal(), deps(alice));
    await expect(patch(dave, value, { status: 'scheduled' })).rejects.toBeInstanceOf(ChangeTransitionError);
  });
});

describe('implementation and review', () => {
  async function scheduledChange(): Promise<Change> {
    const { value } = await createChange(normal({ implementerId: bob.id }), deps(alice));
    const assess = await patch(alice, value, { status: 'assess' });
    await patch(dave, assess, { status: 'authorize', riskAnswers: lowRisk() });
    return (await systemMove(
      { changes: changeRepository, ids, clock },
      { changeId: value.id, from: ['authorize'], to: 'scheduled', reason: 'workflow change-approval' },
    )) as Change;
  }

  it('the implementer starts it and records the outcome; the review closes it', async () => {
    const scheduled = await scheduledChange();
    await expect(patch(frank, scheduled, { status: 'implement' })).rejects.toBeInstanceOf(NotFoundError);
    const implementing = await patch(bob, scheduled, { status: 'implement' });
    await expect(
      patch(alice, implementing, {
        implementation: { outcome: 'implemented', notes: 'x' },
      }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(patch(dave, implementing, { status: 'review' })).rejects.toMatchObject({
      code: 'IMPLEMENTATION_REQUIRED',
    });
    const implemented = await patch(bob, implementing, {
      implementation: { outcome: 'implemented', notes: 'Both nodes upgraded' },
    });
    expect(implemented).toMatchObject({
      status: 'implement',
      implementation: {
        outcome: 'implemented',
        by: { username: 'bob' },
        completedAt: '2026-12-02T10:00:00.000Z',
        reviewDueAt: '2026-12-05T10:00:00.000Z',
      },
    });
    await expect(
      patch(bob, implemented, { implementation: { outcome: 'failed', notes: 'again' } }),
    ).rejects.toBeInstanceOf(ConflictError);
    const inReview = (await systemMove(
      { changes: changeRepository, ids, clock },
      { changeId: implemented.id, from: ['implement', 'failed'], to: 'review', reason: 'post-implementation review' },
    )) as Change;
    await expect(patch(dave, inReview, { status: 'closed' })).rejects.toMatchObject({ code: 'REVIEW_REQUIRED' });
    await expect(
      patch(bob, inReview, { review: { outcome: 'successful', lessonsLearned: 'None' } }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const closed = await patch(dave, inReview, {
      review: { outcome: 'with_issues', lessonsLearned: 'Drain takes longer than planned' },
    });
    expect(closed).toMatchObject({
      status: 'closed',
      review: { outcome: 'with_issues', reviewedBy: { username: 'dave' } },
    });
  });

  it('a failed implementation moves the change to failed (backed out)', async () => {
    const scheduled = await scheduledChange();
    const implementing = await patch(bob, scheduled, { status: 'implement' });
    const failed = await patch(bob, implementing, {
      implementation: { outcome: 'failed', notes: 'Backed out: the gateway did not start' },
    });
    expect(failed).toMatchObject({ status: 'failed', implementation: { outcome: 'failed' } });
  });
});

describe('the risk questionnaire', () => {
  it('lists questions in order; retiring one removes it from scoring', async () => {
    expect(questions.map((q) => q.order)).toEqual([10, 20]);
    const [first, second] = questions;
    await expect(
      createRiskQuestion({ text: 'x', order: 1, answers: [{ id: 'a', text: 'A', weight: 1 }] }, deps(erin)),
    ).rejects.toBeInstanceOf(ValidationError);
    const { value: extra } = await createRiskQuestion(
      {
        text: 'Has it been tested?',
        order: 30,
        answers: [
          { id: 'yes', text: 'Yes', weight: 0 },
          { id: 'no', text: 'No', weight: 5 },
        ],
      },
      deps(erin),
    );
    const { value } = await createChange(normal(), deps(alice));
    await expect(
      patch(alice, value, { riskAnswers: [{ questionId: first.id, answerId: 'low' }] }),
    ).rejects.toBeInstanceOf(BusinessRuleError);
    const retired = await updateRiskQuestion(extra.id, extra.version, { active: false }, deps(erin));
    expect(retired.active).toBe(false);
    const assessed = await patch(alice, value, {
      riskAnswers: [
        { questionId: first.id, answerId: 'high' },
        { questionId: second.id, answerId: 'high' },
      ],
    });
    expect(assessed.risk).toMatchObject({ score: 16, level: 'very_high' });
  });
});
