import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caller } from '../../functions/compose/caller';
import { quarantineDeps } from '../../functions/compose/email';
import { listQuarantine, releaseQuarantine, reprocessMessage } from '../../functions/domain/email/quarantine';
import { getIncident } from '../../functions/domain/incidents/get-incident';
import { NotFoundError } from '../../functions/domain/shared/errors';
import { resetIntakeConfig } from '../../functions/email/config';
import { processStoredMail } from '../../functions/email/intake';
import { mailS3, setMailS3 } from '../../functions/email/mail-bucket';
import { inboundMailRepository } from '../../functions/store/inbound-mail-repository';
import { type LocalS3, startLocalS3 } from '../../infra/local/s3';
import { erin, frank } from '../support/actors';
import { incidentDeps } from '../support/deps';
import { mailAddress } from '../support/mail';
import { seedPeople } from '../support/people';
import { useFreshTable } from '../support/table';

/** processStoredMail over DynamoDB Local and a local S3 (s3rver) this file starts: raw MIME in, outcomes out. */
let s3: LocalS3;
const bucket = 'intake-test';
const admin = () => quarantineDeps(caller(erin));

async function store(raw: string): Promise<string> {
  const key = `raw/${ulid()}`;
  await mailS3().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: raw }));
  return key;
}

function rawMail(from: string, overrides: { subject?: string; headers?: string; messageId?: string } = {}): string {
  return [
    `From: Robin Raw <${from}>`,
    'To: desk@nimbus.local',
    `Subject: ${overrides.subject ?? '=?UTF-8?Q?Dr=C3=BCcker_kaputt?='}`,
    `Message-ID: ${overrides.messageId ?? `<${ulid()}@raw.example.com>`}`,
    'Date: Sun, 06 Dec 2026 10:00:00 +0000',
    ...(overrides.headers ? [overrides.headers] : []),
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Der Drucker druckt nicht.',
    '--b1',
    'Content-Type: text/plain; name="log.txt"',
    'Content-Disposition: attachment; filename="log.txt"',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from('line one\nline two\n').toString('base64'),
    '--b1--',
    '',
  ].join('\r\n');
}

const delivery = (key: string) => ({
  bucket,
  key,
  verdicts: { spam: 'PASS' as const },
  recipients: ['desk@nimbus.local'],
});

beforeAll(async () => {
  await useFreshTable('mail-intake');
  await seedPeople();
  s3 = await startLocalS3({ directory: mkdtempSync(join(tmpdir(), 'nimbus-s3-')), bucket });
  process.env.MAIL_BUCKET = bucket;
  process.env.S3_ENDPOINT = s3.endpoint;
  resetIntakeConfig();
  setMailS3(undefined);
});
afterAll(async () => {
  await s3?.stop();
});

describe('processStoredMail', () => {
  it('turns a stored raw message into a ticket, decoding the subject and storing the attachment', async () => {
    const key = await store(rawMail(mailAddress('robin')));
    const result = await processStoredMail(delivery(key));
    expect(result.outcome).toBe('ticket');
    const incident = await getIncident(result.incidentId as string, incidentDeps(erin));
    expect(incident).toMatchObject({ title: 'Drücker kaputt', description: 'Der Drucker druckt nicht.' });
    const [attachment] = (await inboundMailRepository.listAttachments(incident.id, { limit: 5 })).items;
    expect(attachment).toMatchObject({ filename: 'log.txt', size: 18 });
    const object = await mailS3().send(new GetObjectCommand({ Bucket: bucket, Key: attachment?.key }));
    expect(await object.Body?.transformToString()).toBe('line one\nline two\n');
  });

  it('answers duplicate, changing nothing, when the same object or the same message comes again', async () => {
    const raw = rawMail(mailAddress('again'));
    const key = await store(raw);
    const first = await processStoredMail(delivery(key));
    expect(await processStoredMail(delivery(key))).toEqual({ ...first, outcome: 'duplicate' });
    expect(await processStoredMail(delivery(await store(raw)))).toEqual({ ...first, outcome: 'duplicate' });
    expect(await reprocessMessage({ key }, admin())).toEqual({ ...first, outcome: 'duplicate' });
  });

  it('quarantines a message that cannot be read as malformed, once', async () => {
    const key = await store('\u0000\u0001 not a mail at all');
    const first = await processStoredMail(delivery(key));
    expect(first).toMatchObject({ outcome: 'quarantined', reason: 'malformed' });
    expect(await processStoredMail(delivery(key))).toMatchObject({
      outcome: 'duplicate',
      quarantineId: first.quarantineId,
    });
  });

  it('answers 404 for reprocessing a key that holds nothing, and refuses non-admins', async () => {
    await expect(reprocessMessage({ key: 'raw/nothing-here' }, admin())).rejects.toBeInstanceOf(NotFoundError);
    await expect(reprocessMessage({ key: 'raw/x' }, quarantineDeps(caller(frank)))).rejects.toMatchObject({
      status: 403,
    });
  });

  it('releases a quarantined message into one ticket, however often and concurrently it is released', async () => {
    const from = mailAddress('listy');
    const key = await store(rawMail(from, { headers: 'List-Id: <news.example.com>', subject: 'Please help' }));
    const held = await processStoredMail(delivery(key));
    expect(held).toMatchObject({ outcome: 'quarantined', reason: 'bulk' });
    const page = await listQuarantine({ reason: 'bulk' }, admin());
    expect(page.items.map((e) => e.id)).toContain(held.quarantineId);

    const releases = await Promise.all([
      releaseQuarantine(held.quarantineId as string, 1, admin()),
      releaseQuarantine(held.quarantineId as string, undefined, admin()),
    ]);
    expect(new Set(releases.map((r) => r.number)).size).toBe(1);
    const again = await releaseQuarantine(held.quarantineId as string, undefined, admin());
    expect(again).toMatchObject({ state: 'released', number: releases[0]?.number });
    expect(await processStoredMail(delivery(key))).toMatchObject({ outcome: 'duplicate', number: again.number });
  });
});
