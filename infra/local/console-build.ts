/**
 * Builds the web console (Vite's programmatic API) when web/dist is missing or older than its sources — what
 * `npm start` and the browser tests' global setup call, so neither rebuilds a fresh console.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { consoleDistDir } from './console';
import { repositoryRoot } from './paths';

const webDir = join(repositoryRoot, 'web');
const sources = [
  join(webDir, 'src'),
  join(webDir, 'index.html'),
  join(webDir, 'vite.config.ts'),
  join(webDir, 'public'),
];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Whether web/dist is missing or older than web/src (and the page, config and public files). */
export function consoleBuildNeeded(distDir = consoleDistDir): boolean {
  const index = join(distDir, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return sources.some((source) => newestMtime(source) > built);
}

/** `vite build` of web/ into web/dist, only when needed; says whether it built. */
export async function ensureConsoleBuilt(options: { force?: boolean; quiet?: boolean } = {}): Promise<boolean> {
  if (!options.force && !consoleBuildNeeded()) return false;
  const { build } = await import('vite');
  // Under vitest NODE_ENV is `test`, which would make Vite bundle React's development build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  process.env.VITE_CONFIG_NATIVE_IGNORE_WARNING ??= 'true';
  try {
    await build({
      configFile: join(webDir, 'vite.config.ts'),
      logLevel: options.quiet ? 'warn' : 'info',
      mode: 'production',
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  return true;
}
