import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { changeExamples } from '../../functions/http/changes/examples';
import { dynamo } from '../../functions/store/client';
import { auditEventEntity } from '../../functions/store/entities/audit-event.entity';
import { type LocalIssuer, persistentIssuer } from '../../infra/local/issuer';
import { listOutbox } from '../../infra/local/outbox';
import { writeStackInfo } from '../../infra/local/paths';
import { type LocalStack, repositoryRoot, startLocalStack } from '../../infra/local/stack';
import { appendStreamDeadLetter } from '../../infra/local/stream/dead-letters';
import { findUser } from '../../infra/local/users';
import { eventually } from '../support/eventually';
import { dispatcher } from './client';

const tsx = join(repositoryRoot, 'node_modules/.bin/tsx');
const dataDir = mkdtempSync(join(tmpdir(), 'nimbus-dead-letters-'));
let stack: LocalStack;
let issuer: LocalIssuer;
/**
 * The environment of a developer's second shell: as this process had it before the stack started (starting it sets
 * the stack's endpoints and ARNs in process.env, which a script run from another shell never sees).
 */
const shellEnv = { ...process.env };

/**
 * `npm run dead-letters -- <args>` as a developer runs it, against the stack this test serves in-process (so the
 * child must not be waited for synchronously: this process answers its requests).
 */
function script(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return scriptIn({}, ...args);
}

function scriptIn(
  env: NodeJS.ProcessEnv,
  ...args: string[]
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, ['infra/local/dead-letters.ts', ...args], {
      cwd: repositoryRoot,
      env: { ...shellEnv, NIMBUS_DATA_DIR: dataDir, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

async function call(username: string, method: string, path: string, body?: unknown) {
  const user = findUser(username);
  if (!user) throw new Error(`unknown user ${username}`);
  const response = await fetch(`${stack.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${await issuer.sign(user)}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON response bodies
  return { status: response.status, body: (await response.json()) as any };
}

async function createIncident(title: string): Promise<{ id: string; number: string }> {
  const created = await call('alice', 'POST', '/incidents', {
    title,
    description: 'Script test',
    impact: 3,
    urgency: 3,
  });
  expect(created.status).toBe(201);
  return created.body;
}

async function mailAbout(number: string): Promise<string[]> {
  const entries = await listOutbox(stack.outboxDir);
  return entries.filter((e) => e.subject.includes(`[${number}]`)).map((e) => e.to);
}

/**
 * The stream record DynamoDB wrote when the record's audit event was inserted: the stored item is its new image.
 * `which` picks the event when the record has several (default: the only one).
 */
async function auditInsertRecord(
  recordId: string,
  which: (items: Record<string, unknown>[]) => Record<string, unknown> | undefined = (items) => {
    expect(items).toHaveLength(1);
    return items[0];
  },
): Promise<DynamoDBRecord> {
  const params = auditEventEntity().query.primary({ recordId }).params();
  const { Items = [] } = await dynamo().send(new QueryCommand(params as never));
  const item = which(Items);
  if (!item) throw new Error(`No such audit event of ${recordId}`);
  return {
    eventID: `test-${recordId}-${String(item.sk)}`,
    eventName: 'INSERT',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'ddblocal',
    eventSourceARN: dispatcher(stack).streamArn,
    dynamodb: {
      Keys: marshall({ pk: item.pk, sk: item.sk }) as never,
      NewImage: marshall(item, { removeUndefinedValues: true }) as never,
      SequenceNumber: '000000000000000000001',
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

/** Sets a stream record aside in the stream dead-letter file, as the poller does after its last attempt. */
function setAside(record: DynamoDBRecord, reason: string): Promise<unknown> {
  return appendStreamDeadLetter(stack.streamDeadLetterFile, {
    streamArn: dispatcher(stack).streamArn,
    shardId: 'shard-test',
    attempts: 11,
    error: { name: 'Error', message: reason },
    record,
  });
}

beforeAll(async () => {
  issuer = await persistentIssuer(join(dataDir, 'issuer-key.json'));
  stack = await startLocalStack({
    issuer,
    tableName: `dead-letters-script-${Date.now()}`,
    dynamoEndpoint: inject('dynamoEndpoint'),
    dataDir,
    smtpPort: 0,
  });
  writeStackInfo(join(dataDir, 'stack.json'), stack);
});
afterAll(async () => {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm run dead-letters on a running stack', () => {
  it('lists a dead letter, reports a redrive that fails again, and redrives it once the cause is gone', async () => {
    // Prepare: the outbox path is a file, so the acknowledgement fails on every attempt
    await rm(stack.outboxDir, { recursive: true, force: true });
    await writeFile(stack.outboxDir, 'not a directory');
    const incident = await createIncident('Script: dead acknowledgement');
    const letter = await eventually('the dead letter', async () => {
      const listed = await call('erin', 'GET', '/dead-letters');
      return listed.body.items.find((l: { recordId: string }) => l.recordId === incident.id);
    });

    // Act + Assess: the listing names it
    const listing = await script();
    expect(listing.code).toBe(0);
    expect(listing.stdout).toContain('1 dead letter(s) in state dead');
    expect(listing.stdout).toContain(letter.id);
    expect(listing.stdout).toContain('EEXIST');
    expect(listing.stdout).toContain('No stream records set aside');

    // A redrive while the cause remains: the dispatcher fails again, the script says so and exits 1
    const failing = await script('redrive', letter.id);
    expect(failing.code).toBe(1);
    expect(failing.stderr).toContain('dead again');
    expect((await call('erin', 'GET', `/dead-letters/${letter.id}`)).body.state).toBe('dead');

    // The cause is gone: the redrive works and the mail is written before the script reports success
    await rm(stack.outboxDir, { force: true });
    const working = await script('redrive', letter.id);
    expect(working.code).toBe(0);
    expect(working.stdout).toContain('Redriven at');
    expect((await mailAbout(incident.number))[0]).toContain('alice@example.com');

    // Asking again is refused (409 NOT_DEAD); nonsense is a usage error
    const again = await script('redrive', letter.id);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('NOT_DEAD');
    expect((await script('redrive')).code).toBe(2);
    expect((await script('list', 'buried')).code).toBe(2);
    const redriven = await script('list', 'redriven');
    expect(redriven.code).toBe(0);
    expect(redriven.stdout).toContain(letter.id);
  }, 180_000);

  it('re-feeds the stream dead-letter file to the dispatcher, keeping what fails again', async () => {
    // Prepare: the poller is stopped (as if the dispatcher had failed the batch for good) and the record that
    // carried a new incident's audit event is set aside in the stream dead-letter file
    await dispatcher(stack).stop();
    const incident = await createIncident('Script: batch set aside');
    const record = await auditInsertRecord(incident.id);
    await setAside(record, 'the table was unreachable');
    const listing = await script('list');
    expect(listing.code).toBe(0);
    expect(listing.stdout).toContain('1 stream record(s) the dispatcher failed as a whole');
    expect(listing.stdout).toContain(`INSERT auditEvent incident ${incident.id} created`);

    // A redrive while mail cannot be written: the dispatcher reports the record as failed; it stays in the file
    await rm(stack.outboxDir, { recursive: true, force: true });
    await writeFile(stack.outboxDir, 'not a directory');
    const failing = await script('redrive-stream');
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain('0 of 1 stream record(s) redriven; 1 left');

    // Once mail can be written, the record is handled: the acknowledgement is sent and the file is empty
    await rm(stack.outboxDir, { force: true });
    const working = await script('redrive-stream');
    expect(working.code).toBe(0);
    expect(working.stdout).toContain('1 of 1 stream record(s) redriven; 0 left');
    expect((await mailAbout(incident.number))[0]).toContain('alice@example.com');
    expect((await script('list')).stdout).toContain('No stream records set aside');
    expect((await script('redrive-stream')).stdout).toContain('No stream records to redrive');
  }, 180_000);
});

describe("npm run dead-letters -- redrive-stream builds the stack's own dispatcher", () => {
  it("redrives a dead-lettered implementation event into the change's review schedule", async () => {
    // Prepare: the poller is stopped, so the stack's dispatcher never sees the implementation being recorded; its
    // audit event is set aside in the stream dead-letter file as if the dispatcher had failed it for good
    await dispatcher(stack).stop();
    const template = await call('erin', 'POST', '/change-templates', changeExamples.createChangeTemplate.request);
    expect(template.status, JSON.stringify(template.body)).toBe(201);
    const bob = findUser('bob')?.sub;
    const created = await call('alice', 'POST', '/changes', {
      type: 'standard',
      templateId: template.body.id,
      plannedStart: new Date(Date.now() + 3_600_000).toISOString(),
      implementerId: bob,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    let change = created.body;
    let etag = `"${change.version}"`;
    const patch = async (username: string, body: Record<string, unknown>) => {
      const res = await fetch(`${stack.url}/changes/${change.id}`, {
        method: 'PATCH',
        headers: {
          authorization: `Bearer ${await issuer.sign(findUser(username) as never)}`,
          'content-type': 'application/json',
          'if-match': etag,
        },
        body: JSON.stringify(body),
      });
      change = await res.json();
      expect(res.status, JSON.stringify(change)).toBe(200);
      etag = res.headers.get('etag') as string;
    };
    await patch('alice', { status: 'scheduled' });
    await patch('bob', { status: 'implement' });
    await patch('bob', { implementation: { outcome: 'implemented', notes: 'Restarted, health checks green' } });
    const record = await auditInsertRecord(change.id, (items) =>
      items.find((item) => (item.changes as { field: string }[]).some((c) => c.field === 'implementation')),
    );
    await setAside(record, 'the scheduler was unreachable');
    const schedule = `pir-${change.id}`;
    expect(stack.schedules.scheduler.list().map((s) => s.name)).not.toContain(schedule);

    // Act (with the dispatcher's warnings on, which the test setup silences)
    const redriven = await scriptIn({ POWERTOOLS_LOG_LEVEL: 'WARN' }, 'redrive-stream');

    // Assess: the redrive's dispatcher had the scheduler settings, so the review schedule exists, due when the
    // implementation said, on the stack's review target
    expect(redriven.code, redriven.stderr).toBe(0);
    expect(redriven.stdout).toContain('1 of 1 stream record(s) redriven; 0 left');
    // Every consumer was composed: the dispatcher warns (on stdout, as JSON lines) about each one it leaves out
    const said = `${redriven.stdout}${redriven.stderr}`;
    for (const missing of ['PIR_TARGET_ARN', 'CHANGE_APPROVAL_STATE_MACHINE_ARN', 'SLA_ESCALATION_STATE_MACHINE_ARN']) {
      expect(said).not.toContain(`No ${missing}`);
    }
    const stored = stack.schedules.scheduler.list().find((s) => s.name === schedule);
    expect(stored).toMatchObject({ targetArn: stack.schedules.env.PIR_TARGET_ARN });
    // at() has whole seconds: the due time's second, or the next one when it rounds up
    const firesAt = Date.parse(`${/^at\((.+)\)$/.exec(stored?.expression ?? '')?.[1]}Z`);
    const due = Date.parse(change.implementation.reviewDueAt);
    expect(firesAt).toBeGreaterThanOrEqual(Math.floor(due / 1000) * 1000);
    expect(firesAt).toBeLessThanOrEqual(Math.ceil(due / 1000) * 1000);
  }, 180_000);

  it("refuses to redrive for a stack that did not record its dispatcher's configuration", async () => {
    const { dispatchEnv: _recorded, ...withoutConfig } = stack;
    writeStackInfo(join(dataDir, 'stack.json'), withoutConfig);
    try {
      const refused = await script('redrive-stream');
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('restart npm start');
    } finally {
      writeStackInfo(join(dataDir, 'stack.json'), stack);
    }
  }, 60_000);
});
