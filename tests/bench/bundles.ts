import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build, type Metafile } from 'esbuild';
import { practiceEntry, practices } from '../../functions/http/routes';

const run = promisify(execFile);

export interface BundleResult {
  readonly name: string;
  readonly entry: string;
  readonly kind: 'floor' | 'practice';
  readonly bytes: number;
  /** Wall time of `await import(bundle)`: what a cold start waits for, but swayed by whatever else the machine runs. */
  readonly importMs: { readonly median: number; readonly runs: readonly number[] };
  /**
   * CPU time (user + system) the import took: the work itself, hardly affected by other processes competing for the
   * cores, so the ratio to the floor is compared on it.
   */
  readonly importCpuMs: { readonly median: number; readonly runs: readonly number[] };
  /** Largest contributors to the bundle (npm package or `functions/…`), bytes in the output. */
  readonly largest: readonly { readonly name: string; readonly bytes: number }[];
}

/** Floors to compare against: nothing at all, and the libraries every practice function needs. */
const floors: readonly { name: string; source: string }[] = [
  { name: '(floor) empty handler', source: 'export const handler = async () => ({ statusCode: 200 });\n' },
  {
    name: '(floor) libraries only',
    source: [
      "import middy from '@middy/core';",
      "import { Logger } from '@aws-lambda-powertools/logger';",
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
      "import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';",
      "import { Service } from 'electrodb';",
      "import * as z from 'zod/mini';",
      'const logger = new Logger();',
      "const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));",
      'export const handler = middy().handler(async () => ({ statusCode: 200,',
      '  body: JSON.stringify([typeof Service, typeof z.object, typeof client.send, typeof logger.info]) }));',
      '',
    ].join('\n'),
  },
];

/** The child: time `await import(bundle)` from inside a fresh Node process. */
const importTimer = [
  "import { performance } from 'node:perf_hooks';",
  'const cpu = process.cpuUsage();',
  'const started = performance.now();',
  'await import(process.argv[2]);',
  'const used = process.cpuUsage(cpu);',
  'process.stdout.write(JSON.stringify({ ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 }));',
  '',
].join('\n');

function packageOf(input: string): string {
  const at = input.lastIndexOf('node_modules/');
  if (at < 0) return input.startsWith('functions/') ? 'functions/ (app code)' : input;
  const parts = input.slice(at + 'node_modules/'.length).split('/');
  return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

function largest(metafile: Metafile, outfile: string, root: string): { name: string; bytes: number }[] {
  const output = Object.entries(metafile.outputs).find(([file]) => file.endsWith(relative(root, outfile)))?.[1];
  const totals = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    const name = packageOf(input);
    totals.set(name, (totals.get(name) ?? 0) + bytesInOutput);
  }
  return [...totals.entries()]
    .map(([name, bytes]) => ({ name, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 5);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function timeImport(file: string, timer: string): Promise<{ ms: number; cpuMs: number }> {
  const { stdout } = await run(process.execPath, [timer, pathToFileURL(file).href], {
    timeout: 30_000,
    // A Lambda-like environment: no NODE_OPTIONS from tsx, quiet logger, no real AWS.
    env: {
      PATH: process.env.PATH ?? '',
      AWS_REGION: 'us-east-1',
      TABLE_NAME: 'nimbus-bench',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_SERVICE_NAME: 'nimbus-bench',
    },
  });
  return JSON.parse(stdout) as { ms: number; cpuMs: number };
}

/**
 * Bundles each practice's entry the way infra/constructs/nimbus-function.ts has NodejsFunction do it
 * (esbuild, ESM, minified, node24, everything bundled incl. @aws-sdk, the same `require` banner) into a
 * temporary directory outside node_modules, then imports each bundle in `runs` fresh Node processes (in turn).
 */
export async function measureBundles(root: string, runs = 5): Promise<BundleResult[]> {
  // Imported here, not at the top: aws-cdk-lib is heavy and only this phase needs the banner.
  const { esmRequireBanner } = await import('../../infra/constructs/nimbus-function');
  const dir = await mkdtemp(join(tmpdir(), 'nimbus-bench-'));
  try {
    const timer = join(dir, 'import-timer.mjs');
    await writeFile(timer, importTimer);
    const targets = [
      ...floors.map((f) => ({
        name: f.name,
        kind: 'floor' as const,
        entry: join(dir, `${f.name.replace(/\W+/g, '-')}.mjs`),
        source: f.source,
      })),
      ...practices.map((p) => ({
        name: p,
        kind: 'practice' as const,
        entry: join(root, practiceEntry(p)),
        source: undefined,
      })),
    ];
    const built: (Omit<BundleResult, 'importMs' | 'importCpuMs'> & { outfile: string })[] = [];
    for (const target of targets) {
      if (target.source !== undefined) await writeFile(target.entry, target.source);
      const outfile = join(dir, target.name.replace(/\W+/g, '-'), 'index.mjs');
      const { metafile } = await build({
        entryPoints: [target.entry],
        outfile,
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node24',
        mainFields: ['module', 'main'],
        banner: { js: esmRequireBanner },
        minify: true,
        keepNames: true,
        sourcemap: true,
        sourcesContent: false,
        metafile: true,
        absWorkingDir: root,
        nodePaths: [join(root, 'node_modules')],
        logLevel: 'error',
      });
      built.push({
        name: target.name,
        entry: target.source === undefined ? relative(root, target.entry) : '(generated)',
        kind: target.kind,
        bytes: (await stat(outfile)).size,
        largest: largest(metafile, outfile, root),
        outfile,
      });
    }
    // Round robin, so a busy moment on the machine slows every bundle alike rather than one of them.
    const times = built.map((): number[] => []);
    const cpuTimes = built.map((): number[] => []);
    for (let r = 0; r < runs; r++) {
      for (const [i, bundle] of built.entries()) {
        const { ms, cpuMs } = await timeImport(bundle.outfile, timer);
        times[i].push(ms);
        cpuTimes[i].push(cpuMs);
      }
    }
    return built.map(({ outfile: _outfile, ...bundle }, i) => ({
      ...bundle,
      importMs: { median: median(times[i]), runs: times[i] },
      importCpuMs: { median: median(cpuTimes[i]), runs: cpuTimes[i] },
    }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
