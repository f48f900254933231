/**
 * The `sla` lifecycle section of `npm run bench`: what the SLA machinery costs per incident, measured on the real
 * chain (tests/support/sla-workflows.ts: DynamoDB Local's stream → dispatcher → clock consumer + escalation starter →
 * local Step Functions runtime → the real escalation task). For five lifecycles — the common path (acknowledged, then
 * resolved), resolved before the warning, one pause, one re-target, warning then breach — it reports per incident: state transitions (the runtime's count, retries
 * included), Lambda invocations (dispatcher deliveries on which an SLA consumer did work, and task invocations),
 * DynamoDB write units billed by AWS's rules (item sizes, 2× in a transaction, a GSI copy written per index the item
 * enters or stays in and deleted per index it leaves, a replaced item billed at the larger of old and new) next to what DynamoDB Local reports, and the clock consumer's
 * time per clock change.
 */
import type { AsyncLocalStorage } from 'node:async_hooks';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { createIncident } from '../../functions/domain/incidents/create-incident';
import { updateIncident } from '../../functions/domain/incidents/update-incident';
import type { IncidentSla } from '../../functions/domain/sla/clock';
import { createPolicy } from '../../functions/domain/sla/create-policy';
import { resetEnv } from '../../functions/shared/env';
import { dynamo, setDynamo } from '../../functions/store/client';
import { incidentSlaStore } from '../../functions/store/incident-sla-repository';
import { resetNimbus } from '../../functions/store/service';
import { tableDefinition } from '../../functions/store/table';
import { ensureTable } from '../../infra/local/create-table';
import { localClient, startDynamoDbLocal } from '../../infra/local/dynamodb-local';
import type { Execution } from '../../infra/local/stepfunctions/runtime';
import { bob, erin } from '../support/actors';
import { incidentDeps, slaDeps } from '../support/deps';
import { seedGroup, seedTaxonomy } from '../support/desk';
import { eventually } from '../support/eventually';
import { type SlaWorkflows, startSlaWorkflows } from '../support/sla-workflows';
import { itemSize, writeUnits } from './item-size';

type Item = Record<string, unknown>;

/** One write as AWS bills it, attributed to whoever sent it. */
interface BilledWrite {
  readonly who: string;
  readonly recordId: string;
  readonly units: number;
}

interface CallCapacity {
  readonly who: string;
  readonly recordId: string;
  readonly local: number;
}

export interface LifecycleFigures {
  readonly name: string;
  readonly incidents: number;
  /** Per incident (means). */
  readonly clockChanges: number;
  readonly executions: number;
  readonly transitions: number;
  /** History events of the incident's executions and their JSON bytes (what LogLevel.ALL + execution data logs). */
  readonly executionLog: { readonly events: number; readonly bytes: number };
  readonly lambda: {
    /** Stream records of the incident on which an SLA consumer did work (one dispatcher invocation each at low traffic). */
    readonly dispatcher: number;
    /** …of which are the SLA's own sla_* audit events (invocations the SLA adds; the rest ride on the incident's change). */
    readonly dispatcherOwnEvents: number;
    readonly task: number;
    readonly total: number;
  };
  readonly writeUnits: {
    readonly clockConsumer: number;
    /** The SLA report consumer's bucket writes (decision 0021) and the escalation actions' incident updates. */
    readonly reports: number;
    readonly actions: number;
    readonly starter: number;
    readonly task: number;
    readonly total: number;
    /** What DynamoDB Local's ConsumedCapacity said for the same writes (transactions at half). */
    readonly localReported: number;
    readonly perClockChange: number;
  };
  /** The clock consumer's handle() time per clock change on DynamoDB Local (ms), and the task's per invocation. */
  readonly consumerMs: { readonly p50: number; readonly p95: number };
  readonly starterMs: { readonly p50: number; readonly p95: number };
  readonly taskMs: { readonly p50: number; readonly p95: number };
}

export interface SlaBenchFigures {
  readonly lifecycles: readonly LifecycleFigures[];
  /** Bytes of the SLA item and of an sla_updated audit event as written (mean). */
  readonly itemBytes: { readonly slaItem: number; readonly slaAuditEvent: number };
}

const gsiKeys = tableDefinition.globalSecondaryIndexes.map(
  (gsi) => [gsi.indexName, gsi.partitionKey, gsi.sortKey] as const,
);

/** The GSI keys an item carries (every GSI projects ALL, infra/constructs/table.ts: a copy of the whole item each). */
function indexKeys(item: Item): Record<string, string> {
  const keys: Record<string, string> = {};
  for (const [name, pk, sk] of gsiKeys) {
    if (item[pk] !== undefined && item[sk] !== undefined) keys[name] = `${String(item[pk])}\u0000${String(item[sk])}`;
  }
  return keys;
}

/**
 * Index writes of replacing `before` by `after`: a copy put where the item enters an index or stays under the same
 * key, a delete where it leaves, both where its key changes. Each bills like the item (old size for a delete).
 */
function indexWrites(before: Record<string, string>, after: Record<string, string>): { puts: number; deletes: number } {
  let puts = 0;
  let deletes = 0;
  for (const [name] of gsiKeys) {
    const was = before[name];
    const is = after[name];
    if (is !== undefined) puts += 1;
    if (was !== undefined && was !== is) deletes += 1;
  }
  return { puts, deletes };
}

const keyOf = (item: Item) => `${String(item.pk)}\u0000${String(item.sk)}`;

/** Native values whether the command carried them marshalled (low-level client) or not (document client). */
function native(item: Item | undefined): Item | undefined {
  if (!item) return undefined;
  const pk = item.pk as { S?: string } | undefined;
  return pk && typeof pk === 'object' && typeof pk.S === 'string' ? unmarshall(item as never) : item;
}

function percentiles(values: readonly number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? 0;
  return { p50: Math.round(at(0.5) * 10) / 10, p95: Math.round(at(0.95) * 10) / 10 };
}

/**
 * Bills every write the SLA machinery sends (inside a consumer's or the task's scope) by AWS's rules. Items are
 * sized from the command's own values; an update or a put over an existing item is billed at the larger of the item
 * before and after (sizes remembered from earlier writes in this run).
 */
class WriteBiller {
  readonly writes: BilledWrite[] = [];
  readonly calls: CallCapacity[] = [];
  /** What was last written under each key: its size and its GSI keys. */
  readonly items = new Map<string, { bytes: number; index: Record<string, string> }>();
  readonly slaItemBytes: number[] = [];
  readonly slaEventBytes: number[] = [];

  constructor(private readonly scope: AsyncLocalStorage<{ name: string; recordId: string }>) {}

  install(): void {
    dynamo().middlewareStack.add(
      (next, context) => async (args) => {
        const current = this.scope.getStore();
        if (!current) return next(args);
        const input = args.input as Record<string, unknown>;
        // INDEXES: with TOTAL, DynamoDB Local sometimes leaves the GSI units out of the total.
        input.ReturnConsumedCapacity ??= 'INDEXES';
        const result = await next(args);
        this.bill(String(context.commandName ?? ''), input, current);
        const consumed = (
          result.output as { ConsumedCapacity?: { CapacityUnits?: number }[] | { CapacityUnits?: number } }
        ).ConsumedCapacity;
        const list = Array.isArray(consumed) ? consumed : consumed ? [consumed] : [];
        const local = list.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
        if (/Put|Update|Delete|TransactWrite|BatchWrite/.test(String(context.commandName))) {
          this.calls.push({ who: current.name, recordId: current.recordId, local });
        }
        return result;
      },
      { step: 'initialize', name: 'nimbusSlaBenchBiller', priority: 'high' },
    );
  }

  private bill(command: string, input: Record<string, unknown>, who: { name: string; recordId: string }): void {
    const add = (units: number) => this.writes.push({ who: who.name, recordId: who.recordId, units });
    const put = (raw: Item | undefined, transactional: boolean) => {
      const item = native(raw);
      if (!item) return;
      const bytes = itemSize(item as never);
      const key = keyOf(item);
      const before = this.items.get(key) ?? { bytes: 0, index: {} };
      const index = indexKeys(item);
      this.items.set(key, { bytes, index });
      const { puts, deletes } = indexWrites(before.index, index);
      const units = (size: number) => writeUnits(size, { transactional });
      add(units(Math.max(bytes, before.bytes)) + puts * units(bytes) + deletes * units(before.bytes));
      if (item.__edb_e__ === 'incidentSla') this.slaItemBytes.push(bytes);
      if (item.__edb_e__ === 'auditEvent' && String(item.action).startsWith('sla_')) this.slaEventBytes.push(bytes);
    };
    // Updates here (the delivery ledger, the SLA report buckets) touch no GSI keys. The item after is at least its key
    // and the values the update names; an ADD to a counter does not grow it, so sizes do not accumulate.
    const update = (key: Item | undefined, values: Item | undefined, transactional: boolean) => {
      const k = native(key);
      if (!k) return;
      const before = this.items.get(keyOf(k)) ?? { bytes: 0, index: {} };
      const after = Math.max(before.bytes, itemSize(k as never) + itemSize((native(values) ?? {}) as never));
      this.items.set(keyOf(k), { bytes: after, index: before.index });
      add(writeUnits(Math.max(before.bytes, after), { transactional }));
    };
    const remove = (key: Item | undefined, transactional: boolean) => {
      const k = native(key);
      if (!k) return;
      const before = this.items.get(keyOf(k)) ?? { bytes: itemSize(k as never), index: {} };
      const copies = Object.keys(before.index).length;
      add(writeUnits(before.bytes, { transactional }) * (1 + copies));
      this.items.delete(keyOf(k));
    };
    if (/^Put/.test(command)) put(input.Item as Item, false);
    else if (/^Update/.test(command)) update(input.Key as Item, input.ExpressionAttributeValues as Item, false);
    else if (/^Delete/.test(command)) remove(input.Key as Item, false);
    else if (/^TransactWrite/.test(command)) {
      for (const action of (input.TransactItems as Record<string, Item>[]) ?? []) {
        if (action.Put) put(action.Put.Item as Item, true);
        else if (action.Update)
          update(action.Update.Key as Item, action.Update.ExpressionAttributeValues as Item, true);
        else if (action.Delete) remove(action.Delete.Key as Item, true);
        else if (action.ConditionCheck) {
          const k = native(action.ConditionCheck.Key as Item);
          add(writeUnits(k ? (this.items.get(keyOf(k))?.bytes ?? itemSize(k as never)) : 1, { transactional: true }));
        }
      }
    }
  }
}

interface Lifecycle {
  readonly name: string;
  readonly service: 'bench-slow' | 'bench-fast';
  /** Drives one incident through the lifecycle and waits until its last consequence has happened. */
  run(incidentId: string, version: number): Promise<void>;
}

const resolve = { status: 'resolved', resolutionCode: 'solved_permanently', resolutionNotes: 'Bench' };

export async function measureSla(incidentsPerLifecycle: number): Promise<SlaBenchFigures> {
  const dynamoLocal = await startDynamoDbLocal();
  const tableName = `nimbus-bench-sla-${process.pid}`;
  const admin = localClient(dynamoLocal.endpoint);
  await ensureTable(admin, tableName);
  admin.destroy();
  process.env.TABLE_NAME = tableName;
  process.env.DYNAMODB_ENDPOINT = dynamoLocal.endpoint;
  process.env.AWS_REGION ??= 'us-east-1';
  resetEnv();
  setDynamo(undefined);
  resetNimbus();
  let rig: SlaWorkflows | undefined;
  try {
    for (const service of ['bench-slow', 'bench-fast']) await seedTaxonomy('service', service);
    // Incidents sit in a group's queue while open, as routed ones do: the SLA item is then in the queue-by-due index.
    await seedGroup('bench-desk', [bob]);
    const policy = (name: string, match: Record<string, string>, targets: Record<string, unknown>) =>
      createPolicy({ name, match, calendarId: '24x7', pauseOn: ['awaiting_caller'], ...targets }, slaDeps(erin));
    await policy(
      'bench slow P2',
      { priority: 'P2', service: 'bench-slow' },
      { responseTarget: 'PT1H', resolutionTarget: 'PT8H' },
    );
    await policy(
      'bench slow P1',
      { priority: 'P1', service: 'bench-slow' },
      { responseTarget: 'PT30M', resolutionTarget: 'PT4H' },
    );
    await policy(
      'bench fast P2',
      { priority: 'P2', service: 'bench-fast' },
      { responseTarget: 'PT2S', resolutionTarget: 'PT8H', warningPercent: 50 },
    );
    rig = await startSlaWorkflows({ dynamoEndpoint: dynamoLocal.endpoint, tableName });
    const workflows = rig;
    const biller = new WriteBiller(workflows.scope);
    biller.install();

    const sla = (id: string, what: string, ready: (s: IncidentSla) => boolean) =>
      eventually(what, async () => {
        const item = await incidentSlaStore.get(id);
        return item && ready(item) ? item : undefined;
      });
    const execution = (id: string, generation: number, ready: (e: Execution) => boolean) =>
      eventually(`generation ${generation} of ${id}`, async () =>
        workflows.executionsOf(id).find((e) => e.name === `${id}-${generation}` && ready(e)),
      );
    const running = (e: Execution) => e.status === 'RUNNING';
    const ended = (e: Execution) => e.status !== 'RUNNING';
    const update = (id: string, version: number, changes: Record<string, unknown>) =>
      updateIncident(id, version, changes, incidentDeps(bob));

    const lifecycles: Lifecycle[] = [
      {
        // The common path: an agent picks it up (response met, escalation moves to the resolution clock), resolves.
        name: 'acknowledged, resolved',
        service: 'bench-slow',
        async run(id, version) {
          await execution(id, 1, running);
          const taken = await update(id, version, { status: 'in_progress' });
          await execution(id, 2, running);
          await update(id, taken.version, resolve);
          await execution(id, 2, ended);
        },
      },
      {
        name: 'resolved before warning',
        service: 'bench-slow',
        async run(id, version) {
          await execution(id, 1, running);
          await update(id, version, resolve);
          await execution(id, 1, ended);
        },
      },
      {
        name: 'one pause',
        service: 'bench-slow',
        async run(id, version) {
          await execution(id, 1, running);
          const held = await update(id, version, { status: 'on_hold', holdReason: 'awaiting_caller' });
          await execution(id, 1, ended);
          await sla(id, 'paused', (s) => s.clocks.some((c) => c.state === 'paused'));
          const resumed = await update(id, held.version, { status: 'in_progress' });
          await execution(id, 2, running);
          await update(id, resumed.version, resolve);
          await execution(id, 2, ended);
        },
      },
      {
        name: 'one re-target',
        service: 'bench-slow',
        async run(id, version) {
          await execution(id, 1, running);
          const raised = await update(id, version, { impact: 1, urgency: 1 });
          await execution(id, 2, running);
          await execution(id, 1, ended);
          await update(id, raised.version, resolve);
          await execution(id, 2, ended);
        },
      },
      {
        name: 'warning then breach',
        service: 'bench-fast',
        async run(id, version) {
          await execution(id, 1, (e) => e.status === 'SUCCEEDED');
          await execution(id, 2, running);
          await update(id, version, resolve);
          await execution(id, 2, ended);
        },
      },
    ];

    const results: LifecycleFigures[] = [];
    for (const lifecycle of lifecycles) {
      const ids: string[] = [];
      for (let i = 0; i < incidentsPerLifecycle; i++) {
        const { value } = await createIncident(
          {
            title: `Bench SLA ${lifecycle.name} ${i}`,
            description: 'SLA bench',
            impact: 2,
            urgency: 1,
            service: lifecycle.service,
            assignmentGroup: 'bench-desk',
          },
          incidentDeps(bob),
        );
        await lifecycle.run(value.id, value.version);
        await workflows.poller.caughtUp();
        for (const e of workflows.executionsOf(value.id)) await e.done;
        ids.push(value.id);
      }
      results.push(figures(lifecycle.name, ids, workflows, biller));
    }
    const mean = (values: readonly number[]) =>
      values.length ? Math.round(values.reduce((a, b) => a + b, 0) / values.length) : 0;
    return {
      lifecycles: results,
      itemBytes: { slaItem: mean(biller.slaItemBytes), slaAuditEvent: mean(biller.slaEventBytes) },
    };
  } finally {
    await rig?.stop();
    dynamo().destroy();
    await dynamoLocal.stop();
  }
}

function figures(name: string, ids: readonly string[], rig: SlaWorkflows, biller: WriteBiller): LifecycleFigures {
  const mine = new Set(ids);
  const n = ids.length;
  const per = (value: number) => Math.round((value / n) * 100) / 100;
  const deliveries = rig.deliveries.filter((d) => mine.has(d.recordId));
  const clockChanges = deliveries.filter((d) => d.consumer === 'sla-clocks' && d.worked);
  const starterWork = deliveries.filter((d) => d.consumer === 'sla-escalation-starter' && d.worked);
  const workedEvents = new Map<string, string>();
  for (const d of deliveries) if (d.worked) workedEvents.set(d.eventId, d.action);
  const ownEvents = [...workedEvents.values()].filter((action) => action.startsWith('sla_')).length;
  const tasks = rig.taskCalls.filter((call) => mine.has(call.input.incidentId));
  const executions = ids.flatMap((id) => rig.executionsOf(id));
  const units = (who?: string) =>
    biller.writes
      .filter((w) => mine.has(w.recordId) && (who === undefined || w.who === who))
      .reduce((sum, w) => sum + w.units, 0);
  const total = units();
  const local = biller.calls.filter((c) => mine.has(c.recordId)).reduce((sum, c) => sum + c.local, 0);
  return {
    name,
    incidents: n,
    clockChanges: per(clockChanges.length),
    executions: per(executions.length),
    transitions: per(executions.reduce((sum, e) => sum + e.transitions, 0)),
    executionLog: {
      events: per(executions.reduce((sum, e) => sum + e.history.length, 0)),
      bytes: Math.round(
        executions.reduce(
          (sum, e) => sum + e.history.reduce((bytes, event) => bytes + Buffer.byteLength(JSON.stringify(event)), 0),
          0,
        ) / n,
      ),
    },
    lambda: {
      dispatcher: per(workedEvents.size),
      dispatcherOwnEvents: per(ownEvents),
      task: per(tasks.length),
      total: per(workedEvents.size + tasks.length),
    },
    writeUnits: {
      clockConsumer: per(units('sla-clocks')),
      reports: per(units('sla-report')),
      actions: per(units('sla-escalation-actions')),
      starter: per(units('sla-escalation-starter')),
      task: per(units('escalation-task')),
      total: per(total),
      localReported: per(local),
      perClockChange: clockChanges.length ? Math.round((units('sla-clocks') / clockChanges.length) * 10) / 10 : 0,
    },
    consumerMs: percentiles(clockChanges.map((d) => d.ms)),
    starterMs: percentiles(starterWork.map((d) => d.ms)),
    taskMs: percentiles(tasks.map((t) => t.ms)),
  };
}

export function slaReport(f: SlaBenchFigures): string {
  const head = [
    'lifecycle',
    'clock changes',
    'executions',
    'transitions',
    'SFN log events/bytes',
    'Lambda: dispatcher (own sla_* events) + task',
    'WRU: clocks + report + starter + task = total (Local said)',
    'WRU per clock change',
    'consumer ms p50/p95',
    'task ms p50',
  ];
  const rows = f.lifecycles.map((l) => [
    `${l.name} (×${l.incidents})`,
    String(l.clockChanges),
    String(l.executions),
    String(l.transitions),
    `${l.executionLog.events}/${l.executionLog.bytes}`,
    `${l.lambda.dispatcher} (${l.lambda.dispatcherOwnEvents}) + ${l.lambda.task} = ${l.lambda.total}`,
    `${l.writeUnits.clockConsumer} + ${l.writeUnits.reports} + ${l.writeUnits.starter} + ${l.writeUnits.task} = ${l.writeUnits.total} (${l.writeUnits.localReported})`,
    String(l.writeUnits.perClockChange),
    `${l.consumerMs.p50}/${l.consumerMs.p95}`,
    String(l.taskMs.p50),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  return [
    'SLA lifecycles per incident (real chain on DynamoDB Local + the local Step Functions runtime; write units billed by AWS rules)',
    line(head),
    ...rows.map(line),
    `SLA item ≈ ${f.itemBytes.slaItem} B, sla_* audit event ≈ ${f.itemBytes.slaAuditEvent} B (mean as written)`,
  ].join('\n');
}
