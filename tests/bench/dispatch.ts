/**
 * The after-commit dispatcher's costs on the local stack: what an effect adds to a request's write (the audit event
 * is the effect item: nothing but its `subject` snapshot), what the dispatcher itself spends per change, and how
 * long a change takes from the request to the mail in the outbox (p50/p95).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';
import { dispatchHandler } from '../../functions/dispatch/handler';
import { dispatchReading, isDispatched } from '../../functions/dispatch/stream-filter';
import { dynamo } from '../../functions/store/client';
import { ephemeralIssuer } from '../../infra/local/issuer';
import { startLocalStack } from '../../infra/local/stack';
import { startStreamPoller } from '../../infra/local/stream-poller';
import { findUser } from '../../infra/local/users';
import { DynamoCounter, type DynamoUsage } from './ddb-counter';

export interface DispatchFigures {
  readonly changes: number;
  readonly latencyMs: { readonly create: Percentiles; readonly assign: Percentiles };
  /** Per change: DynamoDB calls and write units the request spent, and those the dispatcher spent afterwards. */
  readonly perChange: Record<'create' | 'assign', { request: Cost; dispatcher: Cost }>;
  readonly auditItem: {
    readonly meanBytes: number;
    readonly meanSubjectBytes: number;
    readonly extraUnitsShare: number;
  };
}

interface Percentiles {
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
}
interface Cost {
  readonly calls: number;
  readonly capacityUnits: number;
  readonly readUnits: number;
  readonly writeUnits: number;
  readonly commands: string;
}

const inDispatcher = new AsyncLocalStorage<true>();

function percentiles(values: readonly number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
  return { p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] };
}

/** DynamoDB's item size: attribute names plus values (strings in UTF-8, numbers ~1 byte per 2 digits + 1). */
function valueSize(value: AttributeValue): number {
  if (value.S !== undefined) return Buffer.byteLength(value.S);
  if (value.N !== undefined) return Math.ceil(value.N.replace(/^-|\./g, '').length / 2) + 1;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.L !== undefined) return 3 + value.L.reduce((s, v) => s + 1 + valueSize(v), 0);
  if (value.M !== undefined) return 3 + imageSize(value.M) + Object.keys(value.M).length;
  return 0;
}
function imageSize(image: Record<string, AttributeValue>): number {
  return Object.entries(image).reduce((s, [name, v]) => s + Buffer.byteLength(name) + valueSize(v), 0);
}
/** Write units of an item in a transaction: 2 per started KB. */
const transactionalUnits = (bytes: number) => 2 * Math.ceil(bytes / 1024);

function costOf(usages: readonly DynamoUsage[]): Cost {
  const n = usages.length || 1;
  const commands = new Map<string, number>();
  for (const u of usages) for (const [c, k] of Object.entries(u.byCommand)) commands.set(c, (commands.get(c) ?? 0) + k);
  return {
    calls: usages.reduce((s, u) => s + u.calls, 0) / n,
    capacityUnits: usages.reduce((s, u) => s + u.capacityUnits, 0) / n,
    readUnits: usages.reduce((s, u) => s + u.readUnits, 0) / n,
    writeUnits: usages.reduce((s, u) => s + u.writeUnits, 0) / n,
    commands: [...commands].map(([c, k]) => `${c}×${(k / n).toFixed(k % n ? 1 : 0)}`).join(' + '),
  };
}

export async function measureDispatch(changes: number): Promise<DispatchFigures> {
  const issuer = await ephemeralIssuer();
  const dir = await mkdtemp(join(tmpdir(), 'nimbus-bench-dispatch-'));
  const stack = await startLocalStack({
    issuer,
    tableName: 'nimbus-bench-dispatch',
    seedDemo: true,
    dispatch: false,
    smtpPort: 0,
  });
  const requestCounter = new DynamoCounter(() => inDispatcher.getStore() !== true);
  const dispatchCounter = new DynamoCounter(() => inDispatcher.getStore() === true);
  requestCounter.install(dynamo());
  dispatchCounter.install(dynamo());
  const outboxDir = join(dir, 'outbox');
  const audits: Record<string, AttributeValue>[] = [];
  const handler = dispatchHandler({
    ...process.env,
    MAIL_OUTBOX_DIR: outboxDir,
    EVENTS_FILE: join(dir, 'events.ndjson'),
    PORTAL_URL: stack.url,
  });
  const poller = await startStreamPoller({
    endpoint: stack.dynamoEndpoint,
    tableName: stack.tableName,
    handler: (event, context) => {
      for (const record of event.Records as DynamoDBRecord[]) {
        if (record.eventName === 'INSERT' && record.dynamodb?.NewImage) audits.push(record.dynamodb.NewImage);
      }
      return inDispatcher.run(true, () => handler(event, context));
    },
    filter: isDispatched,
    deadLetterFile: join(dir, 'stream-dead-letters.ndjson'),
    batchSize: dispatchReading.batchSize,
    pollIntervalMs: 25,
  });
  try {
    await poller.caughtUp(); // the demo desk's own mail
    const seen = new Set(await readdir(outboxDir).catch(() => []));
    /** Resolves when a new .eml mentioning `text` is in the outbox; polls every 2 ms. */
    const mailed = async (text: string) => {
      for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
        for (const file of await readdir(outboxDir).catch(() => [] as string[])) {
          if (seen.has(file) || !file.endsWith('.eml')) continue;
          seen.add(file);
          if ((await readFile(join(outboxDir, file), 'utf8')).includes(text)) return;
        }
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      throw new Error(`No mail about ${text} within 30 s`);
    };
    const token = (name: string) => issuer.sign(findUser(name) as NonNullable<ReturnType<typeof findUser>>);
    const [alice, carol] = [await token('alice'), await token('carol')];
    const bob = findUser('bob')?.sub;
    const send = async (auth: string, method: string, path: string, body: unknown, headers = {}) => {
      const res = await fetch(`${stack.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${auth}`, 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as { id: string; number: string; version: number };
    };

    const latency = { create: [] as number[], assign: [] as number[] };
    const cost = {
      create: { request: [] as DynamoUsage[], dispatcher: [] as DynamoUsage[] },
      assign: { request: [] as DynamoUsage[], dispatcher: [] as DynamoUsage[] },
    };
    const step = async (
      kind: 'create' | 'assign',
      act: () => Promise<{ id: string; number: string; version: number }>,
      mailAbout: (n: string) => string,
    ) => {
      await poller.caughtUp();
      requestCounter.start();
      dispatchCounter.start();
      const t0 = performance.now();
      const result = await act();
      cost[kind].request.push(requestCounter.stop());
      await mailed(mailAbout(result.number));
      latency[kind].push(performance.now() - t0);
      await poller.caughtUp();
      cost[kind].dispatcher.push(dispatchCounter.stop());
      return result;
    };
    for (let i = 0; i < changes; i++) {
      const incident = await step(
        'create',
        () =>
          send(alice, 'POST', '/incidents', {
            title: `Bench dispatch ${i}`,
            description: 'Dock',
            impact: 3,
            urgency: 3,
          }),
        (n) => `[${n}] We have received`,
      );
      await step(
        'assign',
        async () => {
          return send(
            carol,
            'PATCH',
            `/incidents/${incident.number}`,
            { assignmentGroup: 'service-desk', assignee: bob },
            {
              'if-match': `"${incident.version}"`,
            },
          );
        },
        (n) => `[${n}]`,
      );
    }

    const sizes = audits.map((image) => ({
      all: imageSize(image),
      subject: image.subject ? Buffer.byteLength('subject') + valueSize(image.subject) : 0,
    }));
    const extra = sizes.filter((s) => transactionalUnits(s.all) > transactionalUnits(s.all - s.subject)).length;
    return {
      changes,
      latencyMs: { create: percentiles(latency.create), assign: percentiles(latency.assign) },
      perChange: {
        create: { request: costOf(cost.create.request), dispatcher: costOf(cost.create.dispatcher) },
        assign: { request: costOf(cost.assign.request), dispatcher: costOf(cost.assign.dispatcher) },
      },
      auditItem: {
        meanBytes: Math.round(sizes.reduce((s, x) => s + x.all, 0) / sizes.length),
        meanSubjectBytes: Math.round(sizes.reduce((s, x) => s + x.subject, 0) / sizes.length),
        extraUnitsShare: extra / sizes.length,
      },
    };
  } finally {
    await poller.stop();
    dynamo().destroy();
    await stack.stop();
  }
}

export function dispatchReport(f: DispatchFigures): string {
  const ms = (p: Percentiles) => `p50 ${p.p50.toFixed(0)} ms, p95 ${p.p95.toFixed(0)} ms, max ${p.max.toFixed(0)} ms`;
  const row = (c: Cost) =>
    `${c.calls.toFixed(1)} calls, ${c.capacityUnits.toFixed(1)} CU = ${c.readUnits.toFixed(1)} read + ${c.writeUnits.toFixed(1)} write (${c.commands})`;
  return [
    `After-commit dispatch on the local stack (${f.changes} creates and ${f.changes} assignments, one at a time)`,
    `  request → mail in the outbox   create: ${ms(f.latencyMs.create)}   assign: ${ms(f.latencyMs.assign)}`,
    `  create   request: ${row(f.perChange.create.request)}`,
    `           dispatcher: ${row(f.perChange.create.dispatcher)}`,
    `  assign   request: ${row(f.perChange.assign.request)}`,
    `           dispatcher: ${row(f.perChange.assign.dispatcher)}`,
    `  effect items in the request's transaction: none (the audit event is the effect); its subject snapshot is ` +
      `${f.auditItem.meanSubjectBytes} of ${f.auditItem.meanBytes} bytes on average and adds a write unit to ` +
      `${(f.auditItem.extraUnitsShare * 100).toFixed(0)} % of audit writes`,
  ].join('\n');
}
