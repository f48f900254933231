import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient, GetRecordsCommand, type Shard } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import { localClient } from './dynamodb-local';
import { openCheckpoints } from './stream/checkpoints';
import { appendStreamDeadLetter, errorSummary, type StreamHandler } from './stream/dead-letters';
import { deliverBatch } from './stream/deliver-batch';
import { sequenceNumberOf, toLambdaRecord } from './stream/lambda-record';
import { describeShards, isReady, iteratorFrom } from './stream/shards';
import { sleeper } from './stream/sleeper';

export {
  readStreamDeadLetters,
  redriveStreamDeadLetters,
  type StreamDeadLetter,
  type StreamHandler,
} from './stream/dead-letters';

export interface PollerLogger {
  debug(message: string, extra?: Record<string, unknown>): void;
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

export interface StreamPollerOptions {
  /** DynamoDB Local's endpoint (it serves the Streams API too). */
  readonly endpoint: string;
  readonly tableName: string;
  /** The same handler Lambda invokes: a DynamoDBStreamEvent in, batchItemFailures (or nothing) out. */
  readonly handler: StreamHandler;
  /** The function name in the Lambda context the handler receives. Default `nimbus-dispatcher`. */
  readonly functionName?: string;
  /** Like the event source mapping's filter criteria: records it rejects are never delivered, only checkpointed. */
  readonly filter?: (record: DynamoDBRecord) => boolean;
  /** JSON file keeping, per shard, the last sequence number fully handled; in memory only when absent. */
  readonly checkpointFile?: string;
  /** ndjson file receiving the records the handler kept failing on (the on-failure destination). */
  readonly deadLetterFile: string;
  /** Records per GetRecords and per handler call (1–1000). Default 100. */
  readonly batchSize?: number;
  /** Pause after a poll that found nothing new. Default 100 ms. */
  readonly pollIntervalMs?: number;
  /** Deliveries of a batch before it is bisected, or of a lone record before it is dead-lettered. Default 5. */
  readonly maxAttempts?: number;
  /** Wait before the n-th retry, in ms. Default exponentialBackoff(100, 5000). */
  readonly backoff?: (retry: number) => number;
  /** A Streams client of the caller's (it stays the caller's to destroy); one pointed at `endpoint` by default. */
  readonly streamsClient?: DynamoDBStreamsClient;
  /** How often the shard list is re-read. Default 10 s. */
  readonly shardRefreshMs?: number;
  readonly logger?: PollerLogger;
}

export interface StreamPollerStats {
  recordsRead: number;
  recordsSkipped: number;
  recordsHandled: number;
  recordsDeadLettered: number;
  invocations: number;
  failedInvocations: number;
  pollErrors: number;
  iteratorsRenewed: number;
}

export interface StreamPoller {
  readonly streamArn: string;
  readonly stats: Readonly<StreamPollerStats>;
  /** Resolves once every record written before the call has been handled (or skipped, or dead-lettered). */
  caughtUp(): Promise<void>;
  /** Lets the handler call in flight finish, checkpoints it, then stops: no timer or request is left behind. */
  stop(): Promise<void>;
}

export const exponentialBackoff =
  (initialMs: number, maxMs: number) =>
  (retry: number): number =>
    Math.min(maxMs, initialMs * 2 ** (retry - 1));

const consoleLogger: PollerLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: (message, extra) => console.warn(message, extra ?? ''),
  error: (message, extra) => console.error(message, extra ?? ''),
};

interface ShardState {
  readonly id: string;
  readonly shard: Shard;
  iterator?: string;
  finished: boolean;
}

/**
 * Reads the table's stream on DynamoDB Local and feeds the handler the way a Lambda event source mapping does:
 * in order per shard, parents before children, partial batch responses, bisection, bounded retries and a
 * dead-letter file, resuming after a restart from the last checkpoint (from the oldest record without one).
 */
export async function startStreamPoller(options: StreamPollerOptions): Promise<StreamPoller> {
  const logger = options.logger ?? consoleLogger;
  const batchSize = options.batchSize ?? 100;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1000)
    throw new Error(`batchSize must be an integer from 1 to 1000, not ${batchSize}`);
  const streamArn = await latestStreamArn(options.endpoint, options.tableName);
  const client =
    options.streamsClient ??
    new DynamoDBStreamsClient({
      endpoint: options.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  const checkpoints = await openCheckpoints(streamArn, options.checkpointFile);
  if (checkpoints.staleStreamArn)
    logger.warn('The checkpoint file belongs to another stream of this table; reading the new one from its start', {
      checkpointFile: options.checkpointFile,
      staleStreamArn: checkpoints.staleStreamArn,
      streamArn,
    });

  const stats: StreamPollerStats = {
    recordsRead: 0,
    recordsSkipped: 0,
    recordsHandled: 0,
    recordsDeadLettered: 0,
    invocations: 0,
    failedInvocations: 0,
    pollErrors: 0,
    iteratorsRenewed: 0,
  };
  const waits = sleeper();
  let stopping = false;
  const shards = new Map<string, ShardState>();
  let shardsReadAt = 0;
  let pass = 0;
  const waiters: { before: number; resolve: () => void; reject: (error: Error) => void }[] = [];

  async function refreshShards(): Promise<void> {
    for (const shard of await describeShards(client, streamArn)) {
      const id = shard.ShardId as string;
      if (!shards.has(id)) shards.set(id, { id, shard, finished: Boolean(checkpoints.get(id)?.finished) });
    }
    shardsReadAt = Date.now();
  }

  const checkpoint = (shardId: string, sequenceNumber: string) => checkpoints.save(shardId, { sequenceNumber });

  async function handlePage(state: ShardState, records: DynamoDBRecord[]): Promise<boolean> {
    const shardId = state.id;
    const batch = options.filter ? records.filter(options.filter) : records;
    stats.recordsSkipped += records.length - batch.length;
    const delivered = await deliverBatch(batch, {
      handler: options.handler,
      functionName: options.functionName ?? 'nimbus-dispatcher',
      maxAttempts: options.maxAttempts ?? 5,
      backoff: options.backoff ?? exponentialBackoff(100, 5000),
      sleep: waits.sleep,
      stopping: () => stopping,
      handledThrough: (record) => checkpoint(shardId, sequenceNumberOf(record)),
      deadLetter: async (record, error, attempts) => {
        const letter = await appendStreamDeadLetter(options.deadLetterFile, {
          streamArn,
          shardId,
          attempts,
          error: errorSummary(error),
          record,
        });
        stats.recordsDeadLettered += 1;
        logger.error('Stream record dead-lettered after its retries', {
          deadLetterFile: options.deadLetterFile,
          id: letter.id,
          sequenceNumber: letter.sequenceNumber,
          attempts,
          error: letter.error,
        });
      },
      onInvocation: (outcome, delivered) => {
        stats.invocations += 1;
        stats.recordsHandled +=
          outcome.kind === 'handled' ? delivered.length : outcome.kind === 'partial' ? outcome.firstFailed : 0;
        if (outcome.kind !== 'handled') stats.failedInvocations += 1;
        if (outcome.kind === 'failed')
          logger.warn('Stream handler failed; the batch will be retried', { error: errorSummary(outcome.error) });
      },
    });
    if (!delivered) return false;
    const last = records[records.length - 1];
    if (last) await checkpoint(shardId, sequenceNumberOf(last));
    return true;
  }

  /** One GetRecords on one shard and the delivery of what it returned; true when it found or changed anything. */
  async function pollShard(state: ShardState): Promise<boolean> {
    const shardId = state.id;
    let page: Awaited<ReturnType<typeof getRecords>>;
    try {
      state.iterator ??= await iteratorFrom(client, streamArn, shardId, checkpoints.get(shardId));
      if (!state.iterator) return finish(state);
      page = await getRecords(state.iterator);
    } catch (error) {
      return recover(state, error);
    }
    const records = (page.Records ?? []).map((record) => toLambdaRecord(record, streamArn));
    stats.recordsRead += records.length;
    try {
      if (records.length > 0 && !(await handlePage(state, records))) return true;
    } catch (error) {
      state.iterator = undefined; // resume from the checkpoint, not from the start of this page
      throw error;
    }
    state.iterator = page.NextShardIterator;
    if (!state.iterator) return finish(state);
    return records.length > 0;
  }

  const getRecords = (iterator: string) =>
    client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: batchSize }));

  async function finish(state: ShardState): Promise<true> {
    const shardId = state.id;
    state.finished = true;
    const last = checkpoints.get(shardId)?.sequenceNumber;
    await checkpoints.save(shardId, last ? { sequenceNumber: last, finished: true } : { finished: true });
    shardsReadAt = 0; // a closed shard may have children to read now
    logger.info('Stream shard read to its end', { shardId });
    return true;
  }

  /** An expired iterator is renewed from the checkpoint; trimmed data resumes at the oldest record still kept. */
  async function recover(state: ShardState, error: unknown): Promise<true> {
    const name = (error as Error).name;
    const shardId = state.id;
    state.iterator = undefined;
    if (name === 'ExpiredIteratorException') {
      stats.iteratorsRenewed += 1;
      logger.info('Stream iterator expired; resuming from the checkpoint', { shardId });
      return true;
    }
    if (name === 'TrimmedDataAccessException') {
      stats.iteratorsRenewed += 1;
      logger.warn('Stream records past the checkpoint were trimmed (older than 24 h); resuming at the oldest kept', {
        shardId,
        checkpoint: checkpoints.get(shardId)?.sequenceNumber,
      });
      state.iterator = await iteratorFrom(client, streamArn, shardId, undefined);
      return true;
    }
    if (name === 'ResourceNotFoundException') {
      logger.warn('Stream shard no longer exists (expired 24 h after it closed)', { shardId });
      return finish(state);
    }
    throw error;
  }

  async function runPass(): Promise<boolean> {
    if (Date.now() - shardsReadAt > (options.shardRefreshMs ?? 10_000)) await refreshShards();
    const known = new Set(shards.keys());
    const isFinished = (id: string) => shards.get(id)?.finished ?? true;
    let busy = false;
    for (const state of shards.values()) {
      if (stopping) return true;
      if (state.finished || !isReady(state.shard, isFinished, known)) continue;
      if (await pollShard(state)) busy = true;
    }
    return busy;
  }

  async function loop(): Promise<void> {
    while (!stopping) {
      pass += 1;
      const thisPass = pass;
      let busy: boolean;
      try {
        busy = await runPass();
      } catch (error) {
        stats.pollErrors += 1;
        logger.error('Stream poll failed; retrying', { error: errorSummary(error) });
        if (!(await waits.sleep(1000))) break;
        continue;
      }
      if (stopping) break;
      if (busy) continue;
      for (const waiter of waiters.filter((w) => w.before < thisPass)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
      if (!(await waits.sleep(options.pollIntervalMs ?? 100))) break;
    }
  }

  try {
    await refreshShards();
  } catch (error) {
    if (!options.streamsClient) client.destroy();
    throw error;
  }
  const running = loop();
  logger.info('Stream poller started', { streamArn, checkpointFile: options.checkpointFile });

  return {
    streamArn,
    stats,
    caughtUp() {
      if (stopping) return Promise.reject(new Error('The stream poller is stopped'));
      return new Promise((resolve, reject) => waiters.push({ before: pass, resolve, reject }));
    },
    async stop() {
      if (!stopping) {
        stopping = true;
        waits.cancel();
      }
      await running;
      if (!options.streamsClient) client.destroy();
      for (const waiter of waiters.splice(0)) waiter.reject(new Error('The stream poller stopped before catching up'));
    },
  };
}

async function latestStreamArn(endpoint: string, tableName: string): Promise<string> {
  const dynamo = localClient(endpoint);
  try {
    const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: tableName }));
    if (!Table?.LatestStreamArn || !Table.StreamSpecification?.StreamEnabled)
      throw new Error(`Table ${tableName} has no stream enabled (ensureTable turns it on)`);
    return Table.LatestStreamArn;
  } finally {
    dynamo.destroy();
  }
}
