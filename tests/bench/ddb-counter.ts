import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** What one measured request cost in DynamoDB. */
export interface DynamoUsage {
  /** Commands the application sent (one per `client.send`). */
  calls: number;
  /** HTTP attempts, counted inside the SDK's retry loop (> calls only when the SDK retried). */
  attempts: number;
  /** Calls per command name, e.g. { GetItem: 1 }. */
  byCommand: Record<string, number>;
  /** Sum of ConsumedCapacity.CapacityUnits over the calls that returned it. */
  capacityUnits: number;
  /** The same, split: read commands (Get, BatchGet, Query, Scan, TransactGet) and everything else (writes). */
  readUnits: number;
  writeUnits: number;
  /** Calls that failed (e.g. a cancelled transaction): DynamoDB returns no ConsumedCapacity for them. */
  failedCalls: number;
}

interface ConsumedCapacityLike {
  CapacityUnits?: number;
}

function emptyUsage(): DynamoUsage {
  return { calls: 0, attempts: 0, byCommand: {}, capacityUnits: 0, readUnits: 0, writeUnits: 0, failedCalls: 0 };
}

function capacityOf(output: unknown): number {
  const consumed = (output as { ConsumedCapacity?: ConsumedCapacityLike | ConsumedCapacityLike[] } | undefined)
    ?.ConsumedCapacity;
  const list = Array.isArray(consumed) ? consumed : consumed ? [consumed] : [];
  return list.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
}

/**
 * Counts every command sent through the application's DynamoDB client, by name, and asks DynamoDB for
 * `ReturnConsumedCapacity: 'INDEXES'`. The document client shares its middleware stack with the low-level
 * client, so adding to `dynamo().middlewareStack` sees every ElectroDB call. Counting is off until `start()`.
 */
export class DynamoCounter {
  private current: DynamoUsage | undefined;

  /** `counts` decides, per call, whether it is this counter's (e.g. the dispatcher's calls, or everything else). */
  constructor(private readonly counts: () => boolean = () => true) {}

  install(client: DynamoDBDocumentClient): void {
    const name = `nimbusBenchCounter${DynamoCounter.installed++}`;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const usage = this.counts() ? this.current : undefined;
        if (!usage) return next(args);
        const name = String(context.commandName ?? 'Unknown').replace(/Command$/, '');
        usage.calls += 1;
        usage.byCommand[name] = (usage.byCommand[name] ?? 0) + 1;
        const input = args.input as Record<string, unknown>;
        // INDEXES, not TOTAL: DynamoDB Local's TOTAL sometimes leaves the GSI units out (seen on transactions).
        input.ReturnConsumedCapacity ??= 'INDEXES';
        try {
          const result = await next(args);
          const units = capacityOf(result.output);
          usage.capacityUnits += units;
          if (/^(Get|BatchGet|Query|Scan|TransactGet)/.test(name)) usage.readUnits += units;
          else usage.writeUnits += units;
          return result;
        } catch (error) {
          usage.failedCalls += 1;
          throw error;
        }
      },
      { step: 'initialize', name, priority: 'high' },
    );
    client.middlewareStack.add(
      (next) => async (args) => {
        if (this.current && this.counts()) this.current.attempts += 1;
        return next(args);
      },
      { step: 'finalizeRequest', name: `${name}Attempts`, priority: 'low' },
    );
  }

  private static installed = 0;

  /** Starts a fresh tally (requests are measured one at a time). */
  start(): void {
    this.current = emptyUsage();
  }

  /** Ends the tally and returns it. */
  stop(): DynamoUsage {
    const usage = this.current ?? emptyUsage();
    this.current = undefined;
    return usage;
  }
}
