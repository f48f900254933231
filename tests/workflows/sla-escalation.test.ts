/**
 * The SLA escalation workflow over the real chain on DynamoDB Local: incidents created and changed with the real
 * domain, the table's stream read into the real dispatcher running the clock consumer and the escalation starter,
 * the starter driving statemachines/sla-escalation.asl.json on the local Step Functions runtime through the SDK, and
 * the runtime's Task running the real escalation task handler. Policies with second-long targets on the 24×7
 * calendar keep every case to a few seconds; transition counts come from the runtime's execution records.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIncident } from '../../functions/domain/incidents/create-incident';
import { updateIncident } from '../../functions/domain/incidents/update-incident';
import type { Clock } from '../../functions/domain/shared/clock';
import type {
  EscalationTaskInput,
  EscalationTaskResult,
  IncidentSla,
  SlaClock,
} from '../../functions/domain/sla/clock';
import { createPolicy } from '../../functions/domain/sla/create-policy';
import { incidentEventsAfter, incidentSlaStore } from '../../functions/store/incident-sla-repository';
import type { Execution } from '../../infra/local/stepfunctions/runtime';
import { alice, bob, erin } from '../support/actors';
import { incidentDeps, slaDeps } from '../support/deps';
import { seedTaxonomy } from '../support/desk';
import { eventually } from '../support/eventually';
import { type SlaWorkflows, startSlaWorkflows } from '../support/sla-workflows';
import { useFreshTable } from '../support/table';

const MINUTE = 60_000;
let rig: SlaWorkflows;
const policies: Record<string, string> = {};

/** A clock `offsetMs` ahead of real time: a person acting "later" without the test waiting for it. */
const later = (offsetMs: number): Clock => ({ now: () => new Date(Date.now() + offsetMs) });

beforeAll(async () => {
  const { tableName, endpoint } = await useFreshTable('sla-workflow');
  for (const service of ['wf-slow', 'wf-fast']) await seedTaxonomy('service', service);
  const policy = async (name: string, match: Record<string, string>, extra: Record<string, unknown>) => {
    const { value } = await createPolicy(
      { name, match, calendarId: '24x7', pauseOn: ['awaiting_caller'], ...extra },
      slaDeps(erin),
    );
    policies[name] = value.id;
  };
  await policy('slow P2', { priority: 'P2', service: 'wf-slow' }, { responseTarget: 'PT1H', resolutionTarget: 'PT2H' });
  await policy(
    'slow P1',
    { priority: 'P1', service: 'wf-slow' },
    { responseTarget: 'PT30M', resolutionTarget: 'PT1H' },
  );
  // Warning after 1 s, breach after 2 s: the response clock runs out while the test watches.
  await policy(
    'fast P2',
    { priority: 'P2', service: 'wf-fast' },
    { responseTarget: 'PT2S', resolutionTarget: 'PT1H', warningPercent: 50 },
  );
  rig = await startSlaWorkflows({ dynamoEndpoint: endpoint, tableName, retryIntervalMillis: 10 });
});

afterAll(async () => {
  await rig?.stop();
});

// --- helpers ---------------------------------------------------------------------------------------------------

async function raise(service: 'wf-slow' | 'wf-fast', title: string) {
  // impact 2 + urgency 1 → P2
  const { value } = await createIncident(
    { title, description: 'SLA workflow test', impact: 2, urgency: 1, service },
    incidentDeps(alice),
  );
  expect(value.priority).toBe('P2');
  return value;
}

const resolve = { status: 'resolved', resolutionCode: 'solved_permanently', resolutionNotes: 'Fixed' };
const clockOf = (sla: IncidentSla | undefined, kind: SlaClock['kind']) => sla?.clocks.find((c) => c.kind === kind);

/** Polls the SLA item until `ready` holds for it. */
const slaWhen = (what: string, incidentId: string, ready: (sla: IncidentSla) => boolean) =>
  eventually(what, async () => {
    const sla = await incidentSlaStore.get(incidentId);
    return sla && ready(sla) ? sla : undefined;
  });

const executionWhen = (what: string, incidentId: string, ready: (execution: Execution) => boolean) =>
  eventually(what, async () => rig.executionsOf(incidentId).find(ready));

const generationOf = (execution: Execution) => Number(execution.name.split('-').at(-1));

async function actionsOf(incidentId: string): Promise<string[]> {
  return (await incidentEventsAfter(incidentId, '')).map((event) => event.action);
}

const count = (values: readonly string[], value: string) => values.filter((v) => v === value).length;

function enteredStates(execution: Execution): string[] {
  return execution.history
    .filter((event) => event.type.endsWith('StateEntered'))
    .map((event) => (event.stateEnteredEventDetails as { name: string }).name);
}

const taskCallsOf = (incidentId: string) => rig.taskCalls.filter((call) => call.input.incidentId === incidentId);

// --- cases -----------------------------------------------------------------------------------------------------

describe('SLA escalation over the real task handler and DynamoDB Local', { timeout: 60_000 }, () => {
  it('resolved before the warning: the execution is stopped after at most 2 transitions and never escalates', async () => {
    const incident = await raise('wf-slow', 'Resolved before warning');
    const first = await executionWhen('generation 1 running', incident.id, (e) => e.status === 'RUNNING');
    expect(generationOf(first)).toBe(1);

    await updateIncident(incident.id, incident.version, resolve, incidentDeps(bob));

    const sla = await slaWhen('both clocks met', incident.id, (s) => s.clocks.every((c) => c.state === 'met'));
    expect(sla.execution).toBeUndefined();
    await executionWhen('generation 1 aborted', incident.id, (e) => e.name === first.name && e.status === 'ABORTED');
    await first.done;
    expect(first.transitions).toBeLessThanOrEqual(2);
    expect(enteredStates(first)).toEqual(['WaitForWarning']);
    expect(rig.executionsOf(incident.id)).toHaveLength(1);
    expect(taskCallsOf(incident.id)).toEqual([]);
    const actions = await actionsOf(incident.id);
    expect(actions).not.toContain('sla_warned');
    expect(actions).not.toContain('sla_breached');
  });

  it('warns, then breaches: each audited once, at most 6 transitions, then the resolution clock takes over', async () => {
    const incident = await raise('wf-fast', 'Warning then breach');
    const breached = await slaWhen('the response breach stamped', incident.id, (s) =>
      Boolean(clockOf(s, 'response')?.breachedAt),
    );
    const response = clockOf(breached, 'response') as SlaClock;
    expect(response.warnedAt).toBeDefined();
    expect(Date.parse(response.warnedAt as string)).toBeGreaterThanOrEqual(Date.parse(response.warnAt as string));
    expect(Date.parse(response.breachedAt as string)).toBeGreaterThanOrEqual(Date.parse(response.dueAt as string));

    const first = await executionWhen('generation 1 succeeded', incident.id, (e) => generationOf(e) === 1);
    await first.done;
    expect(first.status).toBe('SUCCEEDED');
    expect(enteredStates(first)).toEqual(['WaitForWarning', 'Warn', 'WaitForBreach', 'Breach']);
    expect(first.transitions).toBeLessThanOrEqual(6);

    const actions = await actionsOf(incident.id);
    expect(count(actions, 'sla_warned')).toBe(1);
    expect(count(actions, 'sla_breached')).toBe(1);
    expect(taskCallsOf(incident.id).map((call) => call.input.milestone)).toEqual(['warning', 'breach']);

    // After the breach the next clock's execution runs: generation 2, on the resolution clock.
    const next = await executionWhen('generation 2 running', incident.id, (e) => generationOf(e) === 2);
    expect(next.status).toBe('RUNNING');
    expect(JSON.parse(next.input)).toMatchObject({ kind: 'resolution', generation: 2 });
    expect((await incidentSlaStore.get(incident.id))?.execution?.name).toBe(next.name);
  });

  it('pause then resume: the execution stops while paused and the due time moves by the business time paused', async () => {
    const incident = await raise('wf-slow', 'Pause then resume');
    const started = await slaWhen('clocks running', incident.id, (s) => s.execution?.generation === 1);
    const dueBefore = clockOf(started, 'resolution')?.dueAt as string;
    const first = await executionWhen('generation 1 running', incident.id, (e) => e.status === 'RUNNING');

    const held = await updateIncident(
      incident.id,
      incident.version,
      { status: 'on_hold', holdReason: 'awaiting_caller' },
      incidentDeps(bob),
    );
    const paused = await slaWhen('resolution paused', incident.id, (s) => clockOf(s, 'resolution')?.state === 'paused');
    expect(clockOf(paused, 'response')?.state).toBe('met'); // leaving `new` acknowledged it
    expect(paused.execution).toBeUndefined();
    await executionWhen('generation 1 aborted', incident.id, (e) => e.name === first.name && e.status === 'ABORTED');

    // The agent resumes 40 minutes of (24×7 business) time later.
    const resumed = await updateIncident(
      incident.id,
      held.version,
      { status: 'in_progress' },
      incidentDeps(bob, later(40 * MINUTE)),
    );
    const running = await slaWhen('resolution running again', incident.id, (s) => s.execution?.generation === 2);
    const resolution = clockOf(running, 'resolution') as SlaClock;
    expect(resolution.state).toBe('running');
    const pausedMs = Date.parse(resumed.updatedAt) - Date.parse(held.updatedAt);
    expect(pausedMs).toBeGreaterThanOrEqual(40 * MINUTE);
    expect(resolution.pausedSeconds).toBe(Math.floor(pausedMs / 1000));
    // Elapsed business time is counted in whole seconds, so the shift may exceed the pause by less than one.
    const shift = Date.parse(resolution.dueAt as string) - Date.parse(dueBefore);
    expect(shift - pausedMs).toBeGreaterThanOrEqual(0);
    expect(shift - pausedMs).toBeLessThan(1000);

    const second = await executionWhen('generation 2 running', incident.id, (e) => generationOf(e) === 2);
    expect(second.status).toBe('RUNNING');
    expect(JSON.parse(second.input)).toMatchObject({ kind: 'resolution', wake: { breachAt: resolution.dueAt } });
    expect(first.status).toBe('ABORTED');
  });

  it('a priority change re-targets: a new generation on the new policy, the old execution aborted', async () => {
    const incident = await raise('wf-slow', 'Priority change');
    const before = await slaWhen('generation 1', incident.id, (s) => s.execution?.generation === 1);
    const first = await executionWhen('generation 1 running', incident.id, (e) => e.status === 'RUNNING');

    const raised = await updateIncident(incident.id, incident.version, { impact: 1, urgency: 1 }, incidentDeps(bob));
    expect(raised.priority).toBe('P1');

    const after = await slaWhen('re-targeted', incident.id, (s) => s.generation === 2);
    const response = clockOf(after, 'response') as SlaClock;
    expect(response).toMatchObject({ policyId: policies['slow P1'], target: 'PT30M', state: 'running' });
    expect(response.startedAt).toBe(clockOf(before, 'response')?.startedAt);
    expect(Date.parse(response.dueAt as string)).toBeLessThan(Date.parse(clockOf(before, 'response')?.dueAt as string));
    expect(after.execution).toMatchObject({ generation: 2, kind: 'response', breachAt: response.dueAt });

    await executionWhen('generation 1 aborted', incident.id, (e) => e.name === first.name && e.status === 'ABORTED');
    const second = await executionWhen('generation 2 running', incident.id, (e) => generationOf(e) === 2);
    expect(second.status).toBe('RUNNING');
    expect(JSON.parse(second.input).wake).toEqual({ warnAt: response.warnAt, breachAt: response.dueAt });
    expect(rig.executionsOf(incident.id).filter((e) => e.status === 'RUNNING')).toHaveLength(1);
  });

  it('reopening resumes the resolution clock with its elapsed time and a new execution', async () => {
    const incident = await raise('wf-slow', 'Reopen');
    await slaWhen('generation 1', incident.id, (s) => s.execution?.generation === 1);
    const resolved = await updateIncident(incident.id, incident.version, resolve, incidentDeps(bob));
    const met = await slaWhen('resolution met', incident.id, (s) => clockOf(s, 'resolution')?.state === 'met');
    const elapsedAtMet = clockOf(met, 'resolution')?.elapsedSeconds as number;
    expect(met.execution).toBeUndefined();

    const reopened = await updateIncident(
      incident.id,
      resolved.version,
      { status: 'in_progress' },
      incidentDeps(bob, later(10 * MINUTE)),
    );
    const resumed = await slaWhen(
      'resolution running',
      incident.id,
      (s) => clockOf(s, 'resolution')?.state === 'running',
    );
    const resolution = clockOf(resumed, 'resolution') as SlaClock;
    expect(resolution.elapsedSeconds).toBe(elapsedAtMet);
    expect(resolution.metAt).toBeUndefined();
    expect(resolution.since).toBe(reopened.updatedAt);
    expect(Date.parse(resolution.dueAt as string)).toBe(
      Date.parse(reopened.updatedAt) + (resolution.targetSeconds - elapsedAtMet) * 1000,
    );
    expect(clockOf(resumed, 'response')?.state).toBe('met');
    expect(resumed.execution).toMatchObject({ generation: 2, kind: 'resolution' });
    const second = await executionWhen('generation 2 running', incident.id, (e) => generationOf(e) === 2);
    expect(second.status).toBe('RUNNING');
  });

  it('a task that keeps failing is retried, caught, and leaves slaError on the SLA item', async () => {
    const incident = await raise('wf-fast', 'Task failure');
    class NotifyFailed extends Error {
      override readonly name = 'NotifyFailed';
    }
    rig.intercept(async (input, context, real) => {
      if (input.incidentId === incident.id && input.milestone !== 'error') throw new NotifyFailed('mail is down');
      return real(input, context);
    });
    try {
      const failed = await slaWhen('slaError recorded', incident.id, (s) => s.slaError !== undefined);
      expect(failed.slaError).toMatchObject({
        generation: 1,
        kind: 'response',
        milestone: 'warning',
        error: 'NotifyFailed',
      });
      const first = await executionWhen('generation 1 failed', incident.id, (e) => e.status === 'FAILED');
      expect(first.error).toBe('SlaEscalationFailed');
      expect(enteredStates(first)).toEqual(['WaitForWarning', 'Warn', 'RecordError', 'Failed']);
      const calls = taskCallsOf(incident.id).map((call) => `${call.input.milestone}:${call.error ?? 'ok'}`);
      // One attempt and three retries (the ASL's MaxAttempts), then the Catch's RecordError on the real handler.
      expect(calls).toEqual([...Array(4).fill('warning:NotifyFailed'), 'error:ok']);
      expect(first.transitions).toBe(4 + 3); // states entered + retries, as Step Functions bills them
      const actions = await actionsOf(incident.id);
      expect(count(actions, 'sla_error')).toBe(1);
      expect(actions).not.toContain('sla_warned');
    } finally {
      rig.intercept(undefined);
    }
  });

  it('a duplicate wake-up (the task run twice at once) does not escalate twice', async () => {
    const incident = await raise('wf-fast', 'Duplicate wake-up');
    const results: Record<string, boolean[]> = { warning: [], breach: [] };
    rig.intercept(async (input, context, real) => {
      if (input.incidentId !== incident.id) return real(input, context);
      const both = (await Promise.all([real(input, context), real(input, context)])) as EscalationTaskResult[];
      results[input.milestone]?.push(...both.map((r) => r.acted));
      return both.find((r) => r.acted) ?? both[0];
    });
    try {
      await slaWhen('the response breach stamped', incident.id, (s) => Boolean(clockOf(s, 'response')?.breachedAt));
      const first = await executionWhen('generation 1 succeeded', incident.id, (e) => e.status === 'SUCCEEDED');
      expect(first.transitions).toBeLessThanOrEqual(6);
    } finally {
      rig.intercept(undefined);
    }
    expect(results.warning.sort()).toEqual([false, true]);
    expect(results.breach.sort()).toEqual([false, true]);
    // And a late third wake-up of the same milestone, after the fact, does nothing either.
    const late: EscalationTaskInput = {
      incidentId: incident.id,
      generation: 1,
      kind: 'response',
      milestone: 'warning',
    };
    const lambdaContext = { awsRequestId: 'late', functionName: 'late', getRemainingTimeInMillis: () => 1000 };
    const { handler } = await import('../../functions/workflows/sla-escalation/index');
    expect(await handler(late, lambdaContext as never)).toEqual({ acted: false });
    const actions = await actionsOf(incident.id);
    expect(count(actions, 'sla_warned')).toBe(1);
    expect(count(actions, 'sla_breached')).toBe(1);
  });
});
