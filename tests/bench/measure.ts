import type { DynamoCounter, DynamoUsage } from './ddb-counter';

export interface OperationSpec {
  /** Row label, e.g. "listIncidents status=open". */
  readonly name: string;
  /** The routes.ts operation it exercises. */
  readonly operation: string;
  /** Max DynamoDB calls per request (DESIGN §4). */
  readonly budget: number;
  readonly note?: string;
  /** Incidents in the table while measured (list rows). */
  readonly tableSize?: number;
  /** Sends the i-th request and checks the answer; throws on an unexpected one. */
  readonly request: (i: number) => Promise<void>;
}

export interface OperationResult {
  readonly name: string;
  readonly operation: string;
  readonly budget: number;
  readonly note?: string;
  readonly tableSize?: number;
  readonly requests: number;
  readonly calls: { readonly min: number; readonly max: number };
  readonly attemptsMax: number;
  /** Commands of the costliest request, e.g. "UpdateItem + TransactWriteItems". */
  readonly commands: string;
  /** Mean CapacityUnits per request (DynamoDB Local's figure); null when no call reported any. */
  readonly capacityMean: number | null;
  /** Some calls failed on purpose (a cancelled transaction reports no capacity), so capacity is a lower bound. */
  readonly capacityPartial: boolean;
  readonly latencyMs: { readonly p50: number; readonly p95: number };
  readonly verdict: 'PASS' | 'OVER';
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function describe(usage: DynamoUsage): string {
  const parts = Object.entries(usage.byCommand).map(([name, n]) => (n > 1 ? `${n}× ${name}` : name));
  return parts.length ? parts.join(' + ') : '—';
}

/** Sends `iterations` sequential requests, tallying DynamoDB use and wall time of each. */
export async function measure(
  spec: OperationSpec,
  counter: DynamoCounter,
  iterations: number,
): Promise<OperationResult> {
  const usages: DynamoUsage[] = [];
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    counter.start();
    const started = performance.now();
    try {
      await spec.request(i);
    } finally {
      times.push(performance.now() - started);
      usages.push(counter.stop());
    }
  }
  const calls = usages.map((u) => u.calls);
  const max = Math.max(...calls);
  const costliest = usages.find((u) => u.calls === max) as DynamoUsage;
  const reported = usages.some((u) => u.capacityUnits > 0);
  return {
    name: spec.name,
    operation: spec.operation,
    budget: spec.budget,
    ...(spec.note ? { note: spec.note } : {}),
    ...(spec.tableSize !== undefined ? { tableSize: spec.tableSize } : {}),
    requests: iterations,
    calls: { min: Math.min(...calls), max },
    attemptsMax: Math.max(...usages.map((u) => u.attempts)),
    commands: describe(costliest),
    capacityMean: reported ? usages.reduce((s, u) => s + u.capacityUnits, 0) / usages.length : null,
    capacityPartial: usages.some((u) => u.failedCalls > 0),
    latencyMs: { p50: percentile(times, 50), p95: percentile(times, 95) },
    verdict: max > spec.budget ? 'OVER' : 'PASS',
  };
}
