import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { getIncident } from '../../functions/domain/incidents/get-incident';
import { systemActor } from '../../functions/domain/shared/actor';
import { resetIntakeConfig } from '../../functions/email/config';
import { processStoredMail } from '../../functions/email/intake';
import { setMailS3 } from '../../functions/email/mail-bucket';
import { sesIntake } from '../../functions/email/ses-handler';
import { bob } from '../support/actors';
import { incidentDeps } from '../support/deps';
import { seedGroup } from '../support/desk';
import { seedPeople } from '../support/people';
import { useFreshTable } from '../support/table';
import { receivedNotification, sqsEvent, sqsRecord } from '../unit/email/ses-events';

/**
 * The AWS trigger end to end on this machine: an SQS message carrying SES's receipt notification → the SES handler →
 * the real intake core, reading the raw message from a local S3 (s3rver) and writing to DynamoDB Local.
 */
/** s3rver ships no types; this test needs only these. */
interface LocalS3 {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
}
const S3rver = createRequire(import.meta.url)('s3rver') as new (options: object) => LocalS3;

const bucket = 'nimbus-mail-ses-intake';
let server: LocalS3;
let directory: string;
let s3: S3Client;
const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
const handle = sesIntake({ process: (input) => processStoredMail(input), bucket: () => bucket, log });

beforeAll(async () => {
  await useFreshTable('ses-intake');
  await seedPeople();
  await seedGroup('service-desk', [bob]);
  directory = await mkdtemp(path.join(tmpdir(), 'nimbus-s3-'));
  server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  Object.assign(process.env, { MAIL_BUCKET: bucket, S3_ENDPOINT: endpoint, NIMBUS_DESK_ADDRESS: 'desk@example.com' });
  resetIntakeConfig();
  setMailS3(undefined);
  s3 = new S3Client({
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
});

afterAll(async () => {
  s3?.destroy();
  setMailS3(undefined);
  await server?.close();
  if (directory) await rm(directory, { recursive: true, force: true });
});

/** A raw message stored where SES's S3 action puts it (`raw/<SES message id>`); returns its key. */
async function storeRaw(subject: string): Promise<{ key: string; messageId: string }> {
  const sesId = ulid().toLowerCase();
  const messageId = `<${ulid()}@mail.customer.example>`;
  const raw = [
    'Return-Path: <ann@customer.example>',
    'X-SES-Spam-Verdict: PASS',
    'X-SES-Virus-Verdict: PASS',
    'From: Ann Customer <ann@customer.example>',
    'To: desk@example.com',
    `Subject: ${subject}`,
    `Message-ID: ${messageId}`,
    'Date: Sun, 06 Dec 2026 20:32:33 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'The printer on floor 3 is on fire.',
    '',
  ].join('\r\n');
  const key = `raw/${sesId}`;
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: raw }));
  return { key, messageId };
}

const bodyFor = (key: string, receipt: object = {}) =>
  JSON.stringify(receivedNotification({ action: { objectKey: key, bucketName: bucket }, receipt }));

function lastResult() {
  const call = log.info.mock.calls.at(-1);
  return call?.[1]?.result as { outcome: string; incidentId?: string; reason?: string } | undefined;
}

describe('SES receipt notification → intake core (local S3 + DynamoDB Local)', () => {
  it('opens an incident from the stored message', async () => {
    const { key } = await storeRaw('Printer on fire');
    expect(await handle(sqsEvent(sqsRecord(bodyFor(key))))).toEqual({ batchItemFailures: [] });
    const result = lastResult();
    expect(result?.outcome).toBe('ticket');
    const incident = await getIncident(result?.incidentId as string, incidentDeps(systemActor('test')));
    expect(incident.title).toBe('Printer on fire');
  });

  it('changes nothing when SQS delivers the same notification again', async () => {
    const { key } = await storeRaw('Delivered twice');
    await handle(sqsEvent(sqsRecord(bodyFor(key), 'first')));
    const first = lastResult();
    await handle(sqsEvent(sqsRecord(bodyFor(key), 'first', '2')));
    const second = lastResult();
    expect(first?.outcome).toBe('ticket');
    expect(second).toMatchObject({ outcome: 'duplicate', incidentId: first?.incidentId });
  });

  it("quarantines a message SES's scan called spam, with the verdict from the receipt", async () => {
    const { key } = await storeRaw('Cheap watches');
    await handle(sqsEvent(sqsRecord(bodyFor(key, { spamVerdict: { status: 'FAIL' } }))));
    expect(lastResult()).toMatchObject({ outcome: 'quarantined', reason: 'spam' });
  });

  it('reports the message for redelivery when the stored object is missing (kept in the queue, then dead-lettered)', async () => {
    const result = await handle(sqsEvent(sqsRecord(bodyFor(`raw/${ulid().toLowerCase()}`), 'missing')));
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'missing' }] });
  });
});
