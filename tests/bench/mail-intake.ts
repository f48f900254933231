/**
 * `npm run bench -- mail`: DynamoDB calls and time per inbound message through processStoredMail (raw object in the
 * local S3 → readMail → the pipeline) on the local stack (dispatcher off, so only intake's own calls count): a new
 * ticket from a new sender (the person is created), a new ticket from a known sender, a reply (comment) and a
 * duplicate delivery. Written to .bench/mail.json.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { ulid } from 'ulid';
import { processStoredMail } from '../../functions/email/intake';
import { mailS3 } from '../../functions/email/mail-bucket';
import { dynamo } from '../../functions/store/client';
import { ephemeralIssuer } from '../../infra/local/issuer';
import { startLocalStack } from '../../infra/local/stack';
import { DynamoCounter } from './ddb-counter';

export interface MailIntakeRow {
  readonly case: string;
  readonly messages: number;
  readonly callsMedian: number;
  readonly callsMax: number;
  readonly commands: string;
  readonly msMedian: number;
  readonly msP95: number;
}

const quantile = (values: readonly number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
};

function raw(from: string, subject: string, messageId: string): string {
  return [
    `From: Bench Sender <${from}>`,
    'To: desk@nimbus.local',
    `Subject: ${subject}`,
    `Message-ID: ${messageId}`,
    'Date: Sun, 06 Dec 2026 10:00:00 +0000',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'The VPN drops every ten minutes since the update.',
    '',
    '> quoted history',
    '',
  ].join('\r\n');
}

export async function measureMailIntake(messages: number): Promise<MailIntakeRow[]> {
  const issuer = await ephemeralIssuer();
  const stack = await startLocalStack({ issuer, tableName: 'nimbus-bench-mail', dispatch: false, smtpPort: 0 });
  const counter = new DynamoCounter();
  counter.install(dynamo());
  const rows = new Map<string, { calls: number[]; ms: number[]; commands: Map<string, number> }>();
  const delivered = async (name: string, body: string, key = `raw/${ulid()}`) => {
    await mailS3().send(new PutObjectCommand({ Bucket: stack.s3.bucket, Key: key, Body: body }));
    counter.start();
    const started = performance.now();
    const result = await processStoredMail({
      bucket: stack.s3.bucket,
      key,
      verdicts: { spam: 'PASS', virus: 'PASS' },
      recipients: ['desk@nimbus.local'],
    });
    const ms = performance.now() - started;
    const usage = counter.stop();
    const row = rows.get(name) ?? { calls: [], ms: [], commands: new Map<string, number>() };
    row.calls.push(usage.calls);
    row.ms.push(ms);
    for (const [c, k] of Object.entries(usage.byCommand)) row.commands.set(c, (row.commands.get(c) ?? 0) + k);
    rows.set(name, row);
    return { result, key };
  };
  try {
    for (let i = 0; i < messages; i++) {
      const from = `bench.${ulid().toLowerCase()}@example.com`;
      const first = await delivered('new ticket, new sender', raw(from, `VPN drops ${i}`, `<${ulid()}@bench>`));
      const printer = raw(from, `Printer ${i}`, `<${ulid()}@bench>`);
      const second = await delivered('new ticket, known sender', printer);
      await delivered(
        'reply (comment by token)',
        raw(from, `Re: [${first.result.number}] VPN drops`, `<${ulid()}@bench>`),
      );
      await delivered('duplicate (same object again)', printer, second.key);
    }
  } finally {
    await stack.stop();
  }
  return [...rows].map(([name, r]) => ({
    case: name,
    messages: r.calls.length,
    callsMedian: quantile(r.calls, 0.5),
    callsMax: Math.max(...r.calls),
    commands: [...r.commands].map(([c, k]) => `${c}×${(k / r.calls.length).toFixed(1)}`).join(' + '),
    msMedian: Math.round(quantile(r.ms, 0.5)),
    msP95: Math.round(quantile(r.ms, 0.95)),
  }));
}

export function mailIntakeReport(rows: readonly MailIntakeRow[]): string {
  const lines = ['Inbound mail (processStoredMail: S3 read + parse + pipeline; DynamoDB calls per message)'];
  for (const r of rows) {
    lines.push(
      `  ${r.case.padEnd(32)} calls median ${r.callsMedian}, max ${r.callsMax}   ${String(r.msMedian).padStart(4)} ms median, ${r.msP95} ms p95   (${r.commands})`,
    );
  }
  return lines.join('\n');
}
