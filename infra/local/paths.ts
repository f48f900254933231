import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const repositoryRoot = resolve(import.meta.dirname, '../..');

/** Where `npm start` keeps its state (`NIMBUS_DATA_DIR`, default `.data`); `npm run reset` deletes it. */
// An empty NIMBUS_DATA_DIR is unset (resolve('') would be the working directory, the checkout itself).
export const dataDir = resolve(process.env.NIMBUS_DATA_DIR || join(repositoryRoot, '.data'));
export const dbPath = join(dataDir, 'dynamodb');
export const issuerKeyFile = join(dataDir, 'issuer-key.json');
export const stackInfoFile = join(dataDir, 'stack.json');

/** What `npm start` writes to `stack.json` while it runs, for the scripts that talk to it. */
export interface StackInfo {
  readonly url: string;
  readonly pid: number;
  /** The table and DynamoDB Local endpoint (scripts that run the dispatcher themselves need them). */
  readonly tableName?: string;
  readonly dynamoEndpoint?: string;
  /** The local SMTP listener, the desk's address and the local S3 (mail scripts). */
  readonly smtpUrl?: string;
  readonly deskAddress?: string;
  readonly s3Endpoint?: string;
  readonly mailBucket?: string;
  /** The web console server (`npm run dev` proxies its local sign-in routes). */
  readonly consoleUrl?: string;
  /** The configuration of the stack's dispatcher (`npm run dead-letters -- redrive-stream` runs one with it). */
  readonly dispatchEnv?: Readonly<Record<string, string>>;
}

/** Says, for the scripts, that this process serves `stack` (npm start; tests that run a script against a stack). */
export function writeStackInfo(
  file: string,
  stack: {
    readonly url: string;
    readonly tableName: string;
    readonly dynamoEndpoint: string;
    readonly smtp?: { readonly url: string; readonly deskAddress: string };
    readonly s3?: { readonly endpoint: string; readonly bucket: string };
    readonly consoleUrl?: string;
    readonly dispatchEnv?: Readonly<Record<string, string>>;
  },
): void {
  const info: StackInfo = {
    url: stack.url,
    pid: process.pid,
    tableName: stack.tableName,
    dynamoEndpoint: stack.dynamoEndpoint,
    ...(stack.smtp ? { smtpUrl: stack.smtp.url, deskAddress: stack.smtp.deskAddress } : {}),
    ...(stack.s3 ? { s3Endpoint: stack.s3.endpoint, mailBucket: stack.s3.bucket } : {}),
    ...(stack.consoleUrl ? { consoleUrl: stack.consoleUrl } : {}),
    ...(stack.dispatchEnv ? { dispatchEnv: stack.dispatchEnv } : {}),
  };
  writeFileSync(file, JSON.stringify(info, null, 2));
}

/** The `npm start` process that owns the data directory of `file`, if one is still alive. */
export function runningStack(file = stackInfoFile): StackInfo | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const info = JSON.parse(readFileSync(file, 'utf8')) as StackInfo;
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

/**
 * The local stack's dispatcher's outbound adapters: mail and domain events go to files, and mail links to the portal
 * (part of the stack's `dispatchEnv`, which `npm run dead-letters -- redrive-stream` reads from stack.json).
 */
export function dispatchEnv(dir: string, portalUrl: string): Record<string, string> {
  const paths = dispatchPaths(dir);
  return { MAIL_OUTBOX_DIR: paths.outboxDir, EVENTS_FILE: paths.eventsFile, PORTAL_URL: portalUrl };
}
