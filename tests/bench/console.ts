/**
 * `npm run bench -- console`: the web console's production build size (JS and CSS, gzip) per chunk — the initial
 * load (what index.html pulls) and each route's lazy chunk — and the time to a usable queue view on the local stack
 * with the demo desk (Chromium via playwright-core; median of BENCH_CONSOLE_RUNS, default 5). Printed, not asserted;
 * goal: initial JavaScript ≤ 200 KB gzip.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { consoleDistDir } from '../../infra/local/console';
import { ensureConsoleBuilt } from '../../infra/local/console-build';
import { ephemeralIssuer } from '../../infra/local/issuer';
import { startLocalStack } from '../../infra/local/stack';
import { findUser } from '../../infra/local/users';

export const initialJsGoalBytes = 200 * 1024;

export interface ConsoleChunk {
  readonly file: string;
  readonly kind: 'js' | 'css';
  readonly initial: boolean;
  readonly bytes: number;
  readonly gzipBytes: number;
}

export interface ConsoleBench {
  readonly chunks: readonly ConsoleChunk[];
  readonly initialJsGzip: number;
  readonly initialCssGzip: number;
  readonly queueViewMs?: { readonly median: number; readonly runs: readonly number[] };
  readonly skipped?: string;
}

function chunks(): ConsoleChunk[] {
  const index = readFileSync(join(consoleDistDir, 'index.html'), 'utf8');
  const initial = new Set([...index.matchAll(/(?:src|href)="\/assets\/([^"]+)"/g)].map((m) => m[1]));
  const assets = join(consoleDistDir, 'assets');
  return readdirSync(assets)
    .filter((f) => f.endsWith('.js') || f.endsWith('.css'))
    .map((file) => {
      const content = readFileSync(join(assets, file));
      return {
        file,
        kind: file.endsWith('.css') ? ('css' as const) : ('js' as const),
        initial: initial.has(file),
        bytes: content.length,
        gzipBytes: gzipSync(content, { level: 9 }).length,
      };
    })
    .sort((a, b) => Number(b.initial) - Number(a.initial) || b.gzipBytes - a.gzipBytes);
}

async function queueView(runs: number): Promise<ConsoleBench['queueViewMs']> {
  const issuer = await ephemeralIssuer();
  const stack = await startLocalStack({ issuer, tableName: 'bench-console', seedDemo: true, console: {}, smtpPort: 0 });
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
  try {
    const carol = findUser('carol');
    if (!carol) throw new Error('no demo user carol');
    const token = await issuer.sign(carol);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({ baseURL: stack.consoleUrl });
      // Signed in already (as after the sign-in page), on a cold cache: from navigation to the first queue row.
      await context.addInitScript((value) => sessionStorage.setItem('nimbus.token', value), token);
      const page = await context.newPage();
      const start = performance.now();
      await page.goto('/agent/queues/network');
      await page.locator('table.tickets tbody tr').first().waitFor({ timeout: 30_000 });
      times.push(Math.round(performance.now() - start));
      await context.close();
    }
    const sorted = [...times].sort((a, b) => a - b);
    return { median: sorted[Math.floor(sorted.length / 2)], runs: times };
  } finally {
    await browser.close();
    await stack.stop();
  }
}

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function measureConsole(runs = Number(process.env.BENCH_CONSOLE_RUNS ?? 5)): Promise<ConsoleBench> {
  await ensureConsoleBuilt({ force: true, quiet: true });
  const all = chunks();
  const sum = (kind: 'js' | 'css') =>
    all.filter((c) => c.initial && c.kind === kind).reduce((n, c) => n + c.gzipBytes, 0);
  const sizes = { chunks: all, initialJsGzip: sum('js'), initialCssGzip: sum('css') };
  if (!existsSync(chromiumPath)) return { ...sizes, skipped: `no Chromium at ${chromiumPath}` };
  return { ...sizes, queueViewMs: await queueView(runs) };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export function consoleReport(bench: ConsoleBench): string {
  const lines = [
    'Web console: production build (gzip level 9) per chunk',
    ...bench.chunks.map(
      (c) =>
        `  ${(c.initial ? 'initial ' : 'lazy    ') + c.file.padEnd(36)} ${kb(c.bytes).padStart(10)}  gzip ${kb(c.gzipBytes).padStart(9)}`,
    ),
    `  Initial JavaScript ${kb(bench.initialJsGzip)} gzip (goal ≤ ${kb(initialJsGoalBytes)}: ${
      bench.initialJsGzip <= initialJsGoalBytes ? 'met' : 'OVER'
    }), initial CSS ${kb(bench.initialCssGzip)} gzip`,
    bench.queueViewMs
      ? `  Time to a usable queue view (navigation → first row, demo desk, cold cache): median ${bench.queueViewMs.median} ms of [${bench.queueViewMs.runs.join(', ')}]`
      : `  Time to a usable queue view: skipped (${bench.skipped})`,
  ];
  return lines.join('\n');
}
