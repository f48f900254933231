import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const repositoryRoot = resolve(import.meta.dirname, '../..');

/** Where `npm start` keeps its state (`NIMBUS_DATA_DIR`, default `.data`); `npm run reset` deletes it. */
export const dataDir = resolve(process.env.NIMBUS_DATA_DIR ?? join(repositoryRoot, '.data'));
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

/** What the after-commit dispatcher of a local stack writes under its data directory. */
export function dispatchPaths(dir: string) {
  return {
    /** Sent mail, one RFC 5322 file per message (`npm run outbox`). */
    outboxDir: join(dir, 'outbox'),
    /** Domain events, one EventBridge envelope per line (`tail -f`). */
    eventsFile: join(dir, 'events.ndjson'),
    /** Where the stream poller resumes after a restart. */
    checkpointFile: join(dir, 'stream-checkpoint.json'),
    /** Stream batches the dispatcher failed as a whole (the local counterpart of the SQS dead-letter queue). */
    streamDeadLetterFile: join(dir, 'stream-dead-letters.ndjson'),
  };
}
