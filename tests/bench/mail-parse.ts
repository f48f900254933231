/**
 * `npm run bench -- mail-parse`: readMail of a generated 40 MB message (3 attachments of ~10 MB decoded each) into
 * a sink that discards the bytes and into one that writes tmp files, and mailparser's simpleParser (which buffers
 * every attachment) as the reference; peak RSS and heap high-water (sampled every 5 ms, plus the process's maxRSS)
 * and the time of each run. Each run is a fresh Node process (`--expose-gc`, collected before it starts), so the
 * figures are one message's, not the bench's. The message is generated while it is read. Written to
 * .bench/mail-parse.json.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { simpleParser } from 'mailparser';
import { readMail } from '../../functions/email/read-mail';
import { bigMail } from '../support/big-mail';
import { DiscardSink, TmpFileSink } from '../support/mail-sinks';

const MB = 1024 * 1024;

export interface MailParseResult {
  readonly sink: 'discard' | 'tmp-file' | 'simpleParser (reference: buffers everything)';
  readonly rawMB: number;
  readonly attachments: number;
  readonly ms: number;
  readonly baselineRssMB: number;
  readonly baselineHeapUsedMB: number;
  readonly peakRssMB: number;
  readonly peakHeapUsedMB: number;
  readonly peakExternalMB: number;
  readonly processMaxRssMB: number;
}

type Kind = MailParseResult['sink'];
const kinds: readonly Kind[] = ['discard', 'tmp-file', 'simpleParser (reference: buffers everything)'];

/** Each run in a fresh process; `runs` per sink (BENCH_MAIL_RUNS), the reference once. */
export async function measureMailParse(runs = Number(process.env.BENCH_MAIL_RUNS ?? 3)): Promise<MailParseResult[]> {
  const results: MailParseResult[] = [];
  const self = fileURLToPath(import.meta.url);
  for (const kind of kinds) {
    for (let run = 0; run < (kind.startsWith('simpleParser') ? 1 : runs); run++) {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--expose-gc', '--import', 'tsx', self, '--child', kind],
        { maxBuffer: 1024 * 1024 },
      );
      results.push(JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as MailParseResult);
    }
  }
  return results;
}

async function measureOne(kind: Kind): Promise<MailParseResult> {
  {
    globalThis.gc?.();
    const baseline = process.memoryUsage();
    let peakRss = baseline.rss;
    let peakHeap = baseline.heapUsed;
    let peakExternal = baseline.external;
    const sampler = setInterval(() => {
      const now = process.memoryUsage();
      peakRss = Math.max(peakRss, now.rss);
      peakHeap = Math.max(peakHeap, now.heapUsed);
      peakExternal = Math.max(peakExternal, now.external);
    }, 5);
    const mail = bigMail({ rawBytes: 40 * MB, attachments: 3 });
    const started = performance.now();
    let size: number;
    let count: number;
    if (kind.startsWith('simpleParser')) {
      const parsed = await simpleParser(mail.stream);
      size = mail.rawBytes;
      count = parsed.attachments.length;
    } else {
      const sink = kind === 'discard' ? new DiscardSink() : await TmpFileSink.create();
      const parsed = await readMail(mail.stream, sink);
      if (sink instanceof TmpFileSink) await sink.dispose();
      size = parsed.size;
      count = parsed.attachments.length;
    }
    const ms = performance.now() - started;
    clearInterval(sampler);
    if (count !== 3) throw new Error(`expected 3 attachments, got ${count}`);
    return {
      sink: kind,
      rawMB: round(size / MB),
      attachments: count,
      ms: Math.round(ms),
      baselineRssMB: round(baseline.rss / MB),
      baselineHeapUsedMB: round(baseline.heapUsed / MB),
      peakRssMB: round(peakRss / MB),
      peakHeapUsedMB: round(peakHeap / MB),
      peakExternalMB: round(peakExternal / MB),
      processMaxRssMB: round((process.resourceUsage().maxRSS * 1024) / MB),
    };
  }
}

if (process.argv[2] === '--child') {
  measureOne(process.argv[3] as Kind).then(
    (result) => console.log(JSON.stringify(result)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

export function mailParseReport(results: readonly MailParseResult[]): string {
  const header = 'sink       raw MB     ms  RSS before → peak  heap before → peak  external peak  process maxRSS';
  const rows = results.map(
    (r) =>
      `${r.sink.slice(0, 12).padEnd(10)} ${String(r.rawMB).padStart(6)}  ${String(r.ms).padStart(5)}  ${`${r.baselineRssMB} → ${r.peakRssMB}`.padStart(17)}  ${`${r.baselineHeapUsedMB} → ${r.peakHeapUsedMB}`.padStart(18)}  ${String(r.peakExternalMB).padStart(13)}  ${String(r.processMaxRssMB).padStart(14)}`,
  );
  return [
    'readMail of a generated 40 MB message (3 × ~10 MB base64 attachments), MB = 2^20; memory sampled every 5 ms',
    header,
    ...rows,
  ].join('\n');
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
