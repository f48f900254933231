/**
 * `npm run bench -- change-approval`: what CAB approval costs, on the real chain (tests/support/change-approvals.ts:
 * DynamoDB Local's stream → dispatcher → approval starter/completer → local Step Functions runtime → the real approval
 * task). Per approval path: Step Functions state transitions per round (the runtime's count), task invocations,
 * DynamoDB calls and capacity units per vote (the vote use case alone) and for the rest of the round (task steps,
 * starter, completer, delivery ledger: everything but the person's own writes), and a modelled cost per round:
 * Standard workflows $0.025 per 1,000 transitions, DynamoDB on-demand $0.625 per million write request units and
 * $0.125 per million read request units (us-east-1). Capacity units are what DynamoDB Local reports.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { approvalDeps } from '../../functions/compose/approvals';
import { caller } from '../../functions/compose/caller';
import { castVote } from '../../functions/domain/changes/cast-vote';
import type { Change, RiskLevel } from '../../functions/domain/changes/change';
import { type Actor, rolesFromGroups } from '../../functions/domain/shared/actor';
import { resetEnv } from '../../functions/shared/env';
import { changeRepository } from '../../functions/store/change-repository';
import { dynamo, setDynamo } from '../../functions/store/client';
import { resetNimbus } from '../../functions/store/service';
import { ensureTable } from '../../infra/local/create-table';
import { localClient, startDynamoDbLocal } from '../../infra/local/dynamodb-local';
import { alice, bob, dave } from '../support/actors';
import { type ApprovalRig, authorize, startApprovalRig } from '../support/change-approvals';
import { storeChange } from '../support/changes';
import { seedGroup } from '../support/desk';
import { eventually } from '../support/eventually';
import { DynamoCounter, type DynamoUsage } from './ddb-counter';

const member = (username: string, groups: string[]): Actor => ({
  id: `bench-${username}`,
  username,
  name: username,
  roles: rolesFromGroups(groups),
});
const grace = member('grace', ['cab']);
const heidi = member('heidi', ['cab', 'change-managers']);

export interface PathFigures {
  readonly name: string;
  readonly rounds: number;
  readonly transitions: number;
  readonly taskInvocations: number;
  readonly vote: { readonly calls: number; readonly maxCalls: number; readonly wcu: number; readonly rcu: number };
  readonly workflow: { readonly calls: number; readonly wcu: number; readonly rcu: number };
  readonly costPerThousandRounds: { readonly stepFunctions: number; readonly dynamodb: number; readonly total: number };
}

const price = { transition: 0.025 / 1000, wru: 0.625 / 1e6, rru: 0.125 / 1e6 };

interface Scenario {
  readonly name: string;
  readonly overrides: Partial<Change>;
  readonly votes: readonly (readonly [Actor, 'approve' | 'reject'])[];
  readonly timeouts?: { timeoutSeconds: number; escalationTimeoutSeconds: number };
  readonly ends: Change['status'];
}

const risk = (level: RiskLevel) => ({
  answers: [],
  score: 0,
  level,
  assessedAt: '2026-12-01T09:00:00.000Z',
  assessedBy: { id: dave.id, username: dave.username },
});

const scenarios: readonly Scenario[] = [
  {
    name: 'cab quorum 2 (medium): approved',
    overrides: { risk: risk('medium') },
    votes: [
      [dave, 'approve'],
      [grace, 'approve'],
    ],
    ends: 'scheduled',
  },
  {
    name: 'cab all (very high): approved',
    overrides: { risk: risk('very_high') },
    votes: [
      [dave, 'approve'],
      [grace, 'approve'],
      [heidi, 'approve'],
      [bob, 'approve'],
    ],
    ends: 'scheduled',
  },
  {
    name: 'cab: rejected on the first reject',
    overrides: { risk: risk('high') },
    votes: [[dave, 'reject']],
    ends: 'rejected',
  },
  {
    name: 'change manager (low): approved',
    overrides: { risk: risk('low'), changeManager: { id: heidi.id, username: heidi.username } },
    votes: [[heidi, 'approve']],
    ends: 'scheduled',
  },
  {
    name: 'ecab (emergency): approved',
    overrides: { type: 'emergency', risk: undefined },
    votes: [
      [dave, 'approve'],
      [heidi, 'approve'],
    ],
    ends: 'scheduled',
  },
  {
    name: 'cab: escalated, then expired',
    overrides: { risk: risk('medium') },
    votes: [],
    timeouts: { timeoutSeconds: 1, escalationTimeoutSeconds: 1 },
    ends: 'rejected',
  },
];

const zero = (): DynamoUsage => ({
  calls: 0,
  attempts: 0,
  byCommand: {},
  capacityUnits: 0,
  readUnits: 0,
  writeUnits: 0,
  failedCalls: 0,
});

export async function measureApprovals(roundsPerPath = 5): Promise<PathFigures[]> {
  const dynamoLocal = await startDynamoDbLocal();
  const tableName = `nimbus-bench-approvals-${process.pid}`;
  const admin = localClient(dynamoLocal.endpoint);
  await ensureTable(admin, tableName);
  admin.destroy();
  process.env.TABLE_NAME = tableName;
  process.env.DYNAMODB_ENDPOINT = dynamoLocal.endpoint;
  process.env.AWS_REGION ??= 'us-east-1';
  resetEnv();
  setDynamo(undefined);
  resetNimbus();
  const scope = new AsyncLocalStorage<string>();
  const votes = new DynamoCounter(() => scope.getStore() === 'vote');
  const background = new DynamoCounter(() => scope.getStore() === undefined);
  votes.install(dynamo());
  background.install(dynamo());
  let rig: ApprovalRig | undefined;
  try {
    await seedGroup('cab', [dave, grace, heidi, bob]);
    await seedGroup('ecab', [dave, heidi]);
    await seedGroup('change-managers', [dave, heidi]);
    rig = await startApprovalRig({ dynamoEndpoint: dynamoLocal.endpoint, tableName });
    const figures: PathFigures[] = [];
    for (const scenario of scenarios) {
      const voteUsage: DynamoUsage[] = [];
      const roundUsage: DynamoUsage[] = [];
      let transitions = 0;
      let taskInvocations = 0;
      rig.timeouts = scenario.timeouts ?? { timeoutSeconds: 3600, escalationTimeoutSeconds: 3600 };
      for (let i = 0; i < roundsPerPath; i++) {
        const change = await scope.run('records', async () =>
          authorize(
            await storeChange(alice, {
              status: 'assess',
              plannedStart: '2026-12-20T22:00:00.000Z',
              plannedEnd: '2026-12-20T23:00:00.000Z',
              ...scenario.overrides,
            }),
            dave,
          ),
        );
        background.start();
        if (scenario.votes.length) {
          await scope.run('records', () =>
            eventually('round waiting', async () => {
              const c = await changeRepository.get(change.id);
              return c?.approval?.approvers && c.approval.taskToken ? c : undefined;
            }),
          );
        }
        for (const [who, decision] of scenario.votes) {
          votes.start();
          await scope.run('vote', () => castVote(change.id, { decision, reason: 'bench' }, approvalDeps(caller(who))));
          voteUsage.push(votes.stop());
        }
        const execution = await scope.run('records', () =>
          eventually('round done', async () => {
            const done = rig?.executionsOf(change.id).find((e) => e.status !== 'RUNNING');
            return done;
          }),
        );
        await execution.done;
        // The last consumers (completer's ledger, withdrawals) settle within the round; give the stream a moment.
        await scope.run('records', () =>
          eventually('change settled', async () => {
            const c = await changeRepository.get(change.id);
            return c?.status === scenario.ends ? c : undefined;
          }),
        );
        await new Promise((resolve) => setTimeout(resolve, 300));
        roundUsage.push(background.stop());
        transitions += execution.transitions;
        taskInvocations += rig.taskCalls.filter((call) => call.input.changeId === change.id).length;
      }
      const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0);
      const sumOf = (usages: DynamoUsage[]) => {
        const total = zero();
        for (const u of usages) {
          total.calls += u.calls;
          total.readUnits += u.readUnits;
          total.writeUnits += u.writeUnits;
        }
        return total;
      };
      const v = sumOf(voteUsage);
      const r = sumOf(roundUsage);
      const perRound = {
        transitions: transitions / roundsPerPath,
        wcu: (r.writeUnits + v.writeUnits) / roundsPerPath,
        rcu: (r.readUnits + v.readUnits) / roundsPerPath,
      };
      const stepFunctions = perRound.transitions * price.transition * 1000;
      const dynamodbCost = (perRound.wcu * price.wru + perRound.rcu * price.rru) * 1000;
      figures.push({
        name: scenario.name,
        rounds: roundsPerPath,
        transitions: perRound.transitions,
        taskInvocations: taskInvocations / roundsPerPath,
        vote: {
          calls: mean(voteUsage.map((u) => u.calls)),
          maxCalls: Math.max(0, ...voteUsage.map((u) => u.calls)),
          wcu: mean(voteUsage.map((u) => u.writeUnits)),
          rcu: mean(voteUsage.map((u) => u.readUnits)),
        },
        workflow: {
          calls: r.calls / roundsPerPath,
          wcu: r.writeUnits / roundsPerPath,
          rcu: r.readUnits / roundsPerPath,
        },
        costPerThousandRounds: { stepFunctions, dynamodb: dynamodbCost, total: stepFunctions + dynamodbCost },
      });
    }
    return figures;
  } finally {
    await rig?.stop();
    await dynamoLocal.stop();
  }
}

export function approvalReport(figures: readonly PathFigures[]): string {
  const n = (x: number, d = 1) => x.toFixed(d);
  const lines = [
    'CAB approval per round (means; capacity units as DynamoDB Local reports them; cost per 1,000 rounds, us-east-1)',
    '',
    `${'path'.padEnd(38)} transitions  tasks  vote calls (max)  vote WCU/RCU  workflow calls  workflow WCU/RCU  $ SFN   $ DDB   $ total`,
  ];
  for (const f of figures) {
    lines.push(
      `${f.name.padEnd(38)} ${n(f.transitions).padStart(11)}  ${n(f.taskInvocations).padStart(5)}  ${`${n(f.vote.calls)} (${f.vote.maxCalls})`.padStart(16)}  ${`${n(f.vote.wcu)}/${n(f.vote.rcu)}`.padStart(12)}  ${n(f.workflow.calls).padStart(14)}  ${`${n(f.workflow.wcu)}/${n(f.workflow.rcu)}`.padStart(16)}  ${n(f.costPerThousandRounds.stepFunctions, 3).padStart(5)}  ${n(f.costPerThousandRounds.dynamodb, 3).padStart(6)}  ${n(f.costPerThousandRounds.total, 3).padStart(7)}`,
    );
  }
  return lines.join('\n');
}
