import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { entityMarker, isDispatched } from '../../functions/dispatch/stream-filter';
import { localClient } from '../../infra/local/dynamodb-local';
import {
  type PollerLogger,
  readStreamDeadLetters,
  redriveStreamDeadLetters,
  type StreamPoller,
  type StreamPollerOptions,
  startStreamPoller,
} from '../../infra/local/stream-poller';
import { useFreshTable } from '../support/table';

const dir = mkdtempSync(join(tmpdir(), 'nimbus-stream-'));
let tableName: string;
let endpoint: string;
let documents: DynamoDBDocumentClient;
let files: { checkpointFile: string; deadLetterFile: string };
const pollers: StreamPoller[] = [];
const logged: { level: string; message: string }[] = [];
const logger: PollerLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: (message) => logged.push({ level: 'warn', message }),
  error: (message) => logged.push({ level: 'error', message }),
};

beforeEach(async () => {
  ({ tableName, endpoint } = await useFreshTable('stream'));
  documents = DynamoDBDocumentClient.from(localClient(endpoint));
  const prefix = join(dir, tableName);
  files = { checkpointFile: `${prefix}.checkpoint.json`, deadLetterFile: `${prefix}.dead-letters.ndjson` };
});

afterEach(async () => {
  await Promise.all(pollers.splice(0).map((poller) => poller.stop()));
  documents.destroy();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

// --- helpers ---------------------------------------------------------------------------------------------------

/** Settles like `promise`, or fails after `ms` saying what did not happen. */
async function within<T>(promise: Promise<T>, what: string, ms = 20_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not within ${ms} ms: ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `check` until it stops throwing, or fails with its last error after the deadline. */
async function eventually(check: () => void, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

async function start(handler: StreamPollerOptions['handler'], options: Partial<StreamPollerOptions> = {}) {
  const poller = await startStreamPoller({
    endpoint,
    tableName,
    handler,
    ...files,
    pollIntervalMs: 20,
    maxAttempts: 3,
    backoff: () => 1,
    logger,
    ...options,
  });
  pollers.push(poller);
  return poller;
}

async function stop(poller: StreamPoller) {
  pollers.splice(pollers.indexOf(poller), 1);
  await within(poller.stop(), 'the poller stops');
}

const put = (pk: string, attributes: Record<string, unknown> = {}) =>
  documents.send(new PutCommand({ TableName: tableName, Item: { pk, sk: 'item', ...attributes } }));
const putAll = async (...pks: string[]) => {
  for (const pk of pks) await put(pk);
};
const keyOf = (record: DynamoDBRecord) => record.dynamodb?.Keys?.pk?.S as string;
const seq = (record: DynamoDBRecord) => record.dynamodb?.SequenceNumber as string;

/** A handler that records each call's keys; `fail` decides per call which records to report or throw on. */
function recordingHandler(fail?: (record: DynamoDBRecord, call: number) => 'report' | 'throw' | undefined) {
  const calls: DynamoDBRecord[][] = [];
  const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    calls.push(event.Records);
    const call = calls.length;
    const failed = event.Records.map((record) => ({ record, how: fail?.(record, call) })).filter((f) => f.how);
    if (failed.some((f) => f.how === 'throw')) throw new Error(`cannot handle ${keyOf(failed[0].record)}`);
    return { batchItemFailures: failed.map((f) => ({ itemIdentifier: seq(f.record) })) };
  };
  return {
    handler,
    calls,
    keysPerCall: () => calls.map((records) => records.map(keyOf)),
    delivered: () => calls.flat().map(keyOf),
  };
}

// --- tests -----------------------------------------------------------------------------------------------------

describe('the local stream poller', () => {
  it('delivers every change in order, Lambda-shaped, with old and new images, across pages and while running', async () => {
    // Prepare: an insert, an update, a binary attribute and a delete, written before the poller starts
    await put('a', { status: 'new', photo: new Uint8Array([1, 2, 3]) });
    await documents.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { pk: 'a', sk: 'item' },
        UpdateExpression: 'SET #s = :s',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': 'resolved' },
      }),
    );
    await put('b');
    await documents.send(new DeleteCommand({ TableName: tableName, Key: { pk: 'b', sk: 'item' } }));
    const seen = recordingHandler();

    // Act: read from the start of the stream in pages of 2, then a change written while it runs
    const poller = await start(seen.handler, { batchSize: 2 });
    await within(poller.caughtUp(), 'the first changes are delivered');
    await put('c');
    await within(poller.caughtUp(), 'the live change is delivered');

    // Assess
    const records = seen.calls.flat();
    expect(records.map((r) => `${r.eventName} ${keyOf(r)}`)).toEqual([
      'INSERT a',
      'MODIFY a',
      'INSERT b',
      'REMOVE b',
      'INSERT c',
    ]);
    expect(seen.calls.every((call) => call.length <= 2)).toBe(true);
    const sequenceNumbers = records.map((r) => BigInt(seq(r)));
    expect(sequenceNumbers).toEqual([...sequenceNumbers].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
    const [insert, modify, , remove] = records;
    expect(insert).toMatchObject({
      eventName: 'INSERT',
      eventSource: 'aws:dynamodb',
      eventVersion: '1.1',
      eventSourceARN: poller.streamArn,
      dynamodb: {
        Keys: { pk: { S: 'a' }, sk: { S: 'item' } },
        NewImage: { pk: { S: 'a' }, status: { S: 'new' }, photo: { B: Buffer.from([1, 2, 3]).toString('base64') } },
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    });
    expect(insert.dynamodb).not.toHaveProperty('OldImage');
    expect(typeof insert.eventID).toBe('string');
    expect(typeof insert.awsRegion).toBe('string');
    expect(insert.dynamodb?.SizeBytes).toBeGreaterThan(0);
    const created = insert.dynamodb?.ApproximateCreationDateTime as number;
    expect(Number.isInteger(created)).toBe(true); // epoch seconds, as Lambda gives them
    expect(Math.abs(created - Date.now() / 1000)).toBeLessThan(600);
    expect(modify.dynamodb?.OldImage?.status).toEqual({ S: 'new' });
    expect(modify.dynamodb?.NewImage?.status).toEqual({ S: 'resolved' });
    expect(remove.dynamodb?.OldImage?.pk).toEqual({ S: 'b' });
    expect(remove.dynamodb).not.toHaveProperty('NewImage');
    expect(poller.stats).toMatchObject({
      recordsRead: 5,
      recordsHandled: 5,
      recordsSkipped: 0,
      recordsDeadLettered: 0,
    });
  });

  it('hands over empty maps and lists as DynamoDB wrote them (the Streams client reads {"M":{}} as an empty union)', async () => {
    await put('empty', { nothing: {}, none: [], nested: [{}], subject: { number: 'INC0001001', extra: {} } });
    const seen = recordingHandler();
    const poller = await start(seen.handler);
    await within(poller.caughtUp(), 'the change is delivered');
    const image = seen.calls.flat()[0]?.dynamodb?.NewImage;
    expect(image).toMatchObject({
      nothing: { M: {} },
      none: { L: [] },
      nested: { L: [{ M: {} }] },
      subject: { M: { number: { S: 'INC0001001' }, extra: { M: {} } } },
    });
  });

  it('skips the records the filter rejects but checkpoints past them (the dispatcher filter)', async () => {
    // Prepare: audit-event inserts among other item changes, the last change not dispatched
    await put('audit-1', { [entityMarker]: 'auditEvent' });
    await put('incident-1', { [entityMarker]: 'incident' });
    await put('audit-2', { [entityMarker]: 'auditEvent' });
    await put('incident-2', { [entityMarker]: 'incident' });
    const seen = recordingHandler();
    const filtered: DynamoDBRecord[] = [];
    const filter = (record: DynamoDBRecord) => {
      filtered.push(record);
      return isDispatched(record);
    };

    // Act
    const poller = await start(seen.handler, { filter });
    await within(poller.caughtUp(), 'the poller catches up');
    await stop(poller);
    const again = await start(seen.handler, { filter });
    await within(again.caughtUp(), 'the restarted poller catches up');

    // Assess: only audit events reached the handler; the checkpoint is the last (skipped) record
    expect(seen.delivered()).toEqual(['audit-1', 'audit-2']);
    expect(filtered.map(keyOf)).toEqual(['audit-1', 'incident-1', 'audit-2', 'incident-2']);
    const checkpoint = JSON.parse(readFileSync(files.checkpointFile, 'utf8'));
    expect(checkpoint.streamArn).toBe(poller.streamArn);
    expect(Object.values(checkpoint.shards)).toEqual([{ sequenceNumber: seq(filtered[3]) }]);
    expect(poller.stats).toMatchObject({ recordsRead: 4, recordsSkipped: 2, recordsHandled: 2 });
    expect(again.stats.recordsRead).toBe(0);
  });

  it('resumes after a restart from the checkpoint file, without redelivering handled records', async () => {
    // Prepare
    await putAll('k1', 'k2', 'k3');
    const first = recordingHandler();
    const poller = await start(first.handler);
    await within(poller.caughtUp(), 'the first run catches up');
    await stop(poller);
    await putAll('k4', 'k5');

    // Act
    const second = recordingHandler();
    const restarted = await start(second.handler);
    await within(restarted.caughtUp(), 'the second run catches up');

    // Assess
    expect(first.delivered()).toEqual(['k1', 'k2', 'k3']);
    expect(second.delivered()).toEqual(['k4', 'k5']);
  });

  it('redelivers after a restart the records a stopped poller had not handled', async () => {
    // Prepare: k2 keeps failing; the poller waits a long backoff before retrying it
    await putAll('k1', 'k2', 'k3');
    const failing = recordingHandler((record) => (keyOf(record) === 'k2' ? 'report' : undefined));
    const poller = await start(failing.handler, { backoff: () => 60_000 });
    await eventually(() => expect(failing.delivered()).toContain('k2'));

    // Act: stop during the backoff, restart with a handler that succeeds
    await stop(poller);
    const healthy = recordingHandler();
    const restarted = await start(healthy.handler);
    await within(restarted.caughtUp(), 'the restarted poller catches up');

    // Assess: k1 was done before the stop; k2 and what follows come again
    expect(failing.keysPerCall()).toEqual([['k1', 'k2', 'k3']]);
    expect(healthy.delivered()).toEqual(['k2', 'k3']);
  });

  it('redelivers from the first record named in batchItemFailures, not the ones before it', async () => {
    // Prepare: k3 and k4 fail on the first delivery only
    await putAll('k1', 'k2', 'k3', 'k4', 'k5');
    const seen = recordingHandler((record, call) =>
      call === 1 && ['k4', 'k3'].includes(keyOf(record)) ? 'report' : undefined,
    );

    // Act
    const poller = await start(seen.handler);
    await within(poller.caughtUp(), 'the poller catches up');

    // Assess
    expect(seen.keysPerCall()).toEqual([
      ['k1', 'k2', 'k3', 'k4', 'k5'],
      ['k3', 'k4', 'k5'],
    ]);
    await expect(readStreamDeadLetters(files.deadLetterFile)).resolves.toEqual([]);
  });

  it.each([
    ['throws on it', 'throw'],
    ['reports it in batchItemFailures', 'report'],
  ] as const)('dead-letters a record the handler always %s, and still delivers the later ones', async (_, how) => {
    // Prepare
    await putAll('k1', 'k2', 'poison', 'k4', 'k5');
    const seen = recordingHandler((record) => (keyOf(record) === 'poison' ? how : undefined));

    // Act
    const poller = await start(seen.handler, { maxAttempts: 2 });
    await within(poller.caughtUp(), 'the poller gets past the poison record');

    // Assess: every other record was handled, poison sits in the dead-letter file, whole and explained
    const handled = new Set(seen.delivered().filter((key) => key !== 'poison'));
    expect([...handled].sort()).toEqual(['k1', 'k2', 'k4', 'k5']);
    const letters = await readStreamDeadLetters(files.deadLetterFile);
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({
      streamArn: poller.streamArn,
      attempts: 2,
      error: how === 'throw' ? { message: 'cannot handle poison' } : { name: 'BatchItemFailure' },
      record: { eventName: 'INSERT', eventSourceARN: poller.streamArn, dynamodb: { Keys: { pk: { S: 'poison' } } } },
    });
    expect(letters[0].sequenceNumber).toBe(seq(letters[0].record));
    expect(poller.stats.recordsDeadLettered).toBe(1);
    expect(logged.some((line) => line.level === 'error' && /dead-lettered/.test(line.message))).toBe(true);

    // and a restart does not bring it back
    await stop(poller);
    const after = recordingHandler();
    const restarted = await start(after.handler);
    await within(restarted.caughtUp(), 'the restarted poller catches up');
    expect(after.delivered()).toEqual([]);
  });

  it('redrives dead letters: those the handler now takes leave the file, the others stay with the error', async () => {
    // Prepare: two records dead-lettered
    await putAll('bad-1', 'ok', 'bad-2');
    const failing = recordingHandler((record) => (keyOf(record).startsWith('bad') ? 'throw' : undefined));
    const poller = await start(failing.handler, { maxAttempts: 1 });
    await within(poller.caughtUp(), 'the poller dead-letters both');
    await stop(poller);
    expect((await readStreamDeadLetters(files.deadLetterFile)).map((l) => keyOf(l.record))).toEqual(['bad-1', 'bad-2']);

    // Act: bad-1 can be handled now, bad-2 still cannot
    const redriven = recordingHandler((record) => (keyOf(record) === 'bad-2' ? 'throw' : undefined));
    const result = await redriveStreamDeadLetters(files.deadLetterFile, redriven.handler);

    // Assess
    expect(redriven.keysPerCall()).toEqual([['bad-1'], ['bad-2']]);
    expect(result).toMatchObject({ redriven: 1, remaining: 1 });
    const left = await readStreamDeadLetters(files.deadLetterFile);
    expect(left).toHaveLength(1);
    expect(left[0]).toMatchObject({
      record: { dynamodb: { Keys: { pk: { S: 'bad-2' } } } },
      redriveAttempts: 1,
      lastRedrive: { error: { message: 'cannot handle bad-2' } },
    });
  });

  it('stop() lets the handler call in flight finish and checkpoints it, then makes no more requests', async () => {
    // Prepare: a handler that holds its batch until released, and a Streams client that counts requests
    await put('k1');
    const streams = streamsClient();
    let requests = 0;
    streams.middlewareStack.add(
      (next) => async (args) => {
        requests += 1;
        return next(args);
      },
      { step: 'initialize', name: 'countRequests' },
    );
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const seen = recordingHandler();
    const held = async (event: DynamoDBStreamEvent) => {
      const response = await seen.handler(event);
      await released;
      return response;
    };
    const poller = await start(held, { streamsClient: streams });
    await eventually(() => expect(seen.delivered()).toEqual(['k1']));

    // Act
    let stopped = false;
    const stopping = poller.stop().then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    const stoppedBeforeRelease = stopped;
    release();
    await within(stopping, 'stop() resolves');
    pollers.splice(pollers.indexOf(poller), 1);
    const requestsAtStop = requests;

    // Assess: it waited for the batch and checkpointed it; while another poller catches up, it stays silent
    expect(stoppedBeforeRelease).toBe(false);
    await expect(poller.caughtUp()).rejects.toThrow(/stopped/);
    await put('k2');
    const after = recordingHandler();
    const restarted = await start(after.handler);
    await within(restarted.caughtUp(), 'the restarted poller catches up');
    expect(after.delivered()).toEqual(['k2']);
    expect(requests).toBe(requestsAtStop);
    streams.destroy();
  });

  it('stop() while idle ends the wait at once and leaves no timer behind', async () => {
    // Prepare: a poller that would sleep a minute between polls
    await put('k1');
    const timersBefore = activeResources('Timeout');
    const poller = await start(recordingHandler().handler, { pollIntervalMs: 60_000 });
    await within(poller.caughtUp(), 'the poller catches up');

    // Act
    pollers.splice(pollers.indexOf(poller), 1);
    await within(poller.stop(), 'stop() resolves well before the poll interval', 5_000);

    // Assess
    expect(activeResources('Timeout')).toBeLessThanOrEqual(timersBefore);
  });

  it('renews an expired shard iterator from the checkpoint, losing and repeating nothing', async () => {
    // Prepare: a Streams client whose next GetRecords answers as DynamoDB does to an iterator older than 15 min
    const streams = streamsClient();
    let expireNext = false;
    streams.middlewareStack.add(
      (next, context) => async (args) => {
        if (expireNext && context.commandName === 'GetRecordsCommand') {
          expireNext = false;
          throw Object.assign(new Error('The provided iterator exceeds the maximum age allowed.'), {
            name: 'ExpiredIteratorException',
          });
        }
        return next(args);
      },
      { step: 'initialize', name: 'expireIterator' },
    );
    await putAll('k1', 'k2');
    const seen = recordingHandler();
    const poller = await start(seen.handler, { streamsClient: streams });
    await within(poller.caughtUp(), 'the poller catches up');

    // Act
    expireNext = true;
    await put('k3');
    await within(poller.caughtUp(), 'the poller catches up after the expiry');

    // Assess
    expect(expireNext).toBe(false);
    expect(poller.stats.iteratorsRenewed).toBe(1);
    expect(seen.delivered()).toEqual(['k1', 'k2', 'k3']);
    await stop(poller);
    streams.destroy();
  });

  it('refuses a table without a stream', async () => {
    const { CreateTableCommand } = await import('@aws-sdk/client-dynamodb');
    const admin = localClient(endpoint);
    const plain = `${tableName}-plain`;
    await admin.send(
      new CreateTableCommand({
        TableName: plain,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    );
    admin.destroy();
    await expect(start(recordingHandler().handler, { tableName: plain })).rejects.toThrow(/no stream/);
  });
});

const streamsClient = () =>
  new DynamoDBStreamsClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

/** Handles of this kind keeping the event loop alive (timers: `Timeout`). */
function activeResources(kind: string): number {
  return process.getActiveResourcesInfo().filter((resource) => resource === kind).length;
}
