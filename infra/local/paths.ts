import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryRoot } from './stack';

/** Where `npm start` keeps its state; `npm run reset` deletes it. */
export const dataDir = process.env.NIMBUS_DATA_DIR ?? join(repositoryRoot, '.data');
export const dbPath = join(dataDir, 'dynamodb');
export const issuerKeyFile = join(dataDir, 'issuer-key.json');
export const stackInfoFile = join(dataDir, 'stack.json');

/** The `npm start` process that owns `dataDir`, if one is still alive. */
export function runningStack(): { url: string; pid: number } | undefined {
  if (!existsSync(stackInfoFile)) return undefined;
  try {
    const info = JSON.parse(readFileSync(stackInfoFile, 'utf8')) as { url: string; pid: number };
    process.kill(info.pid, 0);
    return info;
  } catch {
    return undefined; // stale file: that process is gone
  }
}
