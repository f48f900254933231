import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caller } from '../../functions/compose/caller';
import { quarantineDeps } from '../../functions/compose/email';
import type { QuarantineEntry } from '../../functions/domain/email/intake-ports';
import { listQuarantine } from '../../functions/domain/email/quarantine';
import type { Incident } from '../../functions/domain/incidents/incident';
import { listIncidents } from '../../functions/domain/incidents/list-incidents';
import type { Page } from '../../functions/domain/shared/page';
import { resetIntakeConfig } from '../../functions/email/config';
import { type IntakeResult, processStoredMail } from '../../functions/email/intake';
import { mailS3, setMailS3 } from '../../functions/email/mail-bucket';
import { type LocalS3, startLocalS3 } from '../../infra/local/s3';
import { erin } from '../support/actors';
import { incidentDeps } from '../support/deps';
import { corpusCases } from '../support/mail-corpus';
import { seedPeople } from '../support/people';
import { useFreshTable } from '../support/table';

/**
 * Every raw mail of the real-mail corpus (tests/support/mail-corpus.ts) through the whole intake: stored in a local
 * S3, then `processStoredMail` over DynamoDB Local (tests/integration/email-corpus.test.ts is the parse-level test).
 *
 * MAIL_RATE_LIMIT is set high here: several corpus mails share a sender (Zammad's fixtures reuse a few addresses)
 * and all are processed within a second, so the default per-sender limit would quarantine the later ones as
 * `rate_limited` and hide what the pipeline makes of the mail itself (the limit has its own tests).
 */
let s3: LocalS3;
const bucket = 'corpus-pipeline';
const cases = corpusCases();
const outcomes = new Map<string, IntakeResult>();
const keys = new Map<string, string>();
/** Mails that repeat an earlier corpus mail (the same Message-ID, or no Message-ID and the same content). */
const sharedId = new Set<string>();

const previousRateLimit = process.env.MAIL_RATE_LIMIT;

const delivery = (key: string) => ({
  bucket,
  key,
  verdicts: { spam: 'PASS' as const },
  recipients: ['desk@nimbus.local'],
});

async function all<T>(list: (cursor: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await list(cursor);
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

beforeAll(async () => {
  await useFreshTable('corpus-pipeline');
  await seedPeople();
  s3 = await startLocalS3({ directory: mkdtempSync(join(tmpdir(), 'nimbus-s3-')), bucket });
  process.env.MAIL_BUCKET = bucket;
  process.env.S3_ENDPOINT = s3.endpoint;
  process.env.MAIL_RATE_LIMIT = '10000';
  resetIntakeConfig();
  setMailS3(undefined);
});
afterAll(async () => {
  if (previousRateLimit === undefined) delete process.env.MAIL_RATE_LIMIT;
  else process.env.MAIL_RATE_LIMIT = previousRateLimit;
  resetIntakeConfig();
  await s3?.stop();
});

describe('the mail corpus through the whole intake pipeline', () => {
  it('has the 80 corpus mails', () => {
    expect(cases).toHaveLength(80);
  });

  it('ends every mail as a ticket, a comment or a quarantine entry with a reason, without an exception', async () => {
    const failures: string[] = [];
    for (const mail of cases) {
      const key = `raw/corpus/${mail.name}`;
      keys.set(mail.name, key);
      await mailS3().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: readFileSync(mail.rawPath) }));
      try {
        outcomes.set(mail.name, await processStoredMail(delivery(key)));
      } catch (error) {
        failures.push(`${mail.name}: ${(error as Error).stack ?? String(error)}`);
      }
    }
    expect(failures).toEqual([]);
    // Zammad's fixtures reuse Message-IDs (one for mail048 and five others), and mail097 (no Message-ID) is
    // mail095/096 in another transfer encoding; intake de-duplicates by Message-ID, else by a hash of
    // what identifies the message (functions/domain/email/dedupe.ts), so those answer `duplicate` with the result of
    // the earlier mail they repeat.
    const earlier: IntakeResult[] = [];
    for (const mail of cases) {
      const result = outcomes.get(mail.name) as IntakeResult;
      if (result.outcome === 'duplicate') {
        expect(earlier, `${mail.name} repeats an earlier mail`).toContainEqual({
          ...result,
          outcome: expect.any(String),
        });
        sharedId.add(mail.name);
      } else earlier.push(result);
    }
    console.info('corpus pipeline duplicates of an earlier corpus mail', [...sharedId]);
    expect([...sharedId]).toEqual([
      'mail056',
      'mail065',
      'mail077',
      'mail080',
      'mail084',
      'mail088',
      'mail090',
      'mail097',
      'mail101',
      'mail104',
      'mail105',
      'mail112',
      'mail117',
      'mail118',
    ]);
    for (const [name, result] of outcomes) {
      if (sharedId.has(name)) continue;
      expect(['ticket', 'comment', 'quarantined'], name).toContain(result.outcome);
      if (result.outcome === 'ticket') expect(result.incidentId, name).toBeDefined();
      if (result.outcome === 'comment') expect(result.commentId, name).toBeDefined();
      if (result.outcome === 'quarantined') {
        expect(result.reason, name).toBeDefined();
        expect(result.quarantineId, name).toBeDefined();
      }
    }
    const counts: Record<string, number> = {};
    for (const result of outcomes.values()) {
      const label =
        result.outcome === 'quarantined'
          ? `quarantined:${result.reason}`
          : result.outcome === 'duplicate'
            ? 'duplicate of an earlier corpus mail'
            : result.outcome;
      counts[label] = (counts[label] ?? 0) + 1;
    }
    console.info('corpus pipeline outcomes', JSON.stringify(counts));
    console.info(
      'corpus pipeline not tickets',
      [...outcomes].filter(([, r]) => r.outcome !== 'ticket').map(([name, r]) => `${name}=${r.reason ?? r.outcome}`),
    );
    expect(outcomes.size).toBe(80);
  }, 240_000);

  it('holds one incident per ticket outcome and one quarantine entry per quarantined outcome', async () => {
    const results = [...outcomes.values()];
    const incidents = await all<Incident>((cursor) =>
      listIncidents({ limit: '100', ...(cursor ? { cursor } : {}) }, incidentDeps(erin)),
    );
    const tickets = results.filter((r) => r.outcome === 'ticket');
    expect(tickets.length).toBeGreaterThan(0);
    expect(incidents).toHaveLength(tickets.length);
    expect(new Set(incidents.map((i) => i.id))).toEqual(new Set(tickets.map((r) => r.incidentId)));

    const quarantine = await all<QuarantineEntry>((cursor) =>
      listQuarantine({ limit: '100', ...(cursor ? { cursor } : {}) }, quarantineDeps(caller(erin))),
    );
    const held = results.filter((r) => r.outcome === 'quarantined');
    expect(quarantine).toHaveLength(held.length);
    expect(new Set(quarantine.map((q) => q.id))).toEqual(new Set(held.map((r) => r.quarantineId)));
    // what the admin judges by is kept: the headers summary and the verdicts
    const bulk = quarantine.find((q) => q.id === outcomes.get('mail043')?.quarantineId);
    expect(bulk?.headers).toMatchObject({ precedence: expect.stringMatching(/bulk/i) });
    expect(bulk?.headers.from).toBeDefined();
    expect(bulk?.authentication).toEqual({ spam: 'PASS' });
  });

  it('answers duplicate for every mail delivered again, and creates nothing', async () => {
    expect(outcomes.size).toBe(80);
    const before = await all<Incident>((cursor) =>
      listIncidents({ limit: '100', ...(cursor ? { cursor } : {}) }, incidentDeps(erin)),
    );
    for (const [name, first] of outcomes) {
      const again = await processStoredMail(delivery(keys.get(name) as string));
      expect(again, name).toEqual({ ...first, outcome: 'duplicate' });
    }
    const after = await all<Incident>((cursor) =>
      listIncidents({ limit: '100', ...(cursor ? { cursor } : {}) }, incidentDeps(erin)),
    );
    expect(after.map((i) => i.id).sort()).toEqual(before.map((i) => i.id).sort());
    const quarantine = await listQuarantine({ limit: '100' }, quarantineDeps(caller(erin)));
    expect(quarantine.items).toHaveLength([...outcomes.values()].filter((r) => r.outcome === 'quarantined').length);
  }, 240_000);
});
