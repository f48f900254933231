/**
 * `npm run dead-letters` — the consequences the running local stack gave up on, and their redrive:
 *
 *   npm run dead-letters [-- list [dead|redrive|redriven]]  the table's dead letters (through the admin API) and the
 *                                                           records in the stream's dead-letter file
 *   npm run dead-letters -- redrive <id>                    asks the API to redrive one; waits for the dispatcher
 *   npm run dead-letters -- redrive-stream                  feeds the stream file's records to the dispatcher again
 *
 * Exit status: 0 done, 1 something failed (the API refused, a redrive failed again), 2 wrong usage or no stack.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DeadLetter } from '../../functions/domain/operations/dead-letters';
import { persistentIssuer } from './issuer';
import { dataDir, dispatchPaths, issuerKeyFile, runningStack, type StackInfo } from './paths';
import { readStreamDeadLetters, redriveStreamDeadLetters, type StreamDeadLetter } from './stream-poller';
import { localUsers } from './users';

const usage = `Usage:
  npm run dead-letters [-- list [dead|redrive|redriven]]   list dead letters (default: dead)
  npm run dead-letters -- redrive <id>                     redrive one (id <consumer>:<eventId>)
  npm run dead-letters -- redrive-stream                   re-feed the stream dead-letter file to the dispatcher`;

export const exitCodes = { ok: 0, failed: 1, usage: 2 } as const;

/** How long `redrive <id>` waits for the dispatcher to report the outcome. */
const redriveWaitMs = 30_000;

interface Output {
  log(line: string): void;
  error(line: string): void;
}

class ScriptError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'ScriptError';
  }
}

interface Problem {
  readonly status?: number;
  readonly code?: string;
  readonly detail?: string;
}

/** The admin API of the running stack, called as the first seeded admin with a token from the local issuer. */
async function adminApi(stack: StackInfo) {
  const admin = localUsers.find((user) => user.groups.includes('admins'));
  if (!admin) throw new ScriptError('No seeded admin user to act as', exitCodes.failed);
  if (!existsSync(issuerKeyFile)) {
    throw new ScriptError(`No local signing key at ${issuerKeyFile}: is this the stack's data?`, exitCodes.usage);
  }
  const token = await (await persistentIssuer(issuerKeyFile)).sign(admin, 10 * 60);
  return async function call(method: string, path: string, headers: Record<string, string> = {}) {
    const response = await fetch(`${stack.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...headers },
    }).catch((error: unknown) => {
      throw new ScriptError(
        `Cannot reach the local stack at ${stack.url}: ${(error as Error).message}`,
        exitCodes.failed,
      );
    });
    const text = await response.text();
    const body: unknown = text ? JSON.parse(text) : undefined;
    if (response.status >= 400) {
      const problem = (body ?? {}) as Problem;
      const why = [response.status, problem.code].filter(Boolean).join(' ');
      throw new ScriptError(`${problem.detail ?? text} (${method} ${path}: ${why})`, exitCodes.failed);
    }
    return { status: response.status, location: response.headers.get('location'), body };
  };
}

type AdminApi = Awaited<ReturnType<typeof adminApi>>;

async function allDeadLetters(api: AdminApi, state: string): Promise<DeadLetter[]> {
  const letters: DeadLetter[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ state, limit: '100', ...(cursor ? { cursor } : {}) });
    const { body } = await api('GET', `/dead-letters?${query}`);
    const page = body as { items: DeadLetter[]; nextCursor: string | null };
    letters.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return letters;
}

export function formatDeadLetter(letter: DeadLetter): string {
  const when = letter.redrivenAt ?? letter.redriveRequestedAt ?? letter.deadAt ?? letter.lastFailedAt;
  return [
    `  ${letter.id}`,
    `    ${letter.state} since ${when}; ${letter.attempts} attempt(s); ${letter.recordType} ${letter.recordId} ${letter.action}`,
    `    last error: ${letter.lastError}`,
  ].join('\n');
}

/** What a stream record was about, from its new image (an audit event, or a dead letter asked to be redriven). */
function describeRecord(letter: StreamDeadLetter): string {
  const raw = letter.record.dynamodb?.NewImage;
  if (!raw) return `${letter.record.eventName ?? '?'} (no new image)`;
  const image = unmarshall(raw as Parameters<typeof unmarshall>[0]) as Record<string, unknown>;
  const facts = [image.__edb_e__, image.recordType, image.recordId ?? image.id, image.action].filter(Boolean);
  return `${letter.record.eventName ?? '?'} ${facts.join(' ')}`;
}

export function formatStreamDeadLetter(letter: StreamDeadLetter): string {
  return [
    `  ${letter.id}  (sequence ${letter.sequenceNumber}, ${describeRecord(letter)})`,
    `    set aside ${letter.at} after ${letter.attempts} attempt(s): ${letter.error.name}: ${letter.error.message}`,
    ...(letter.lastRedrive
      ? [
          `    redriven ${letter.redriveAttempts ?? 1} time(s), last ${letter.lastRedrive.at}: ${letter.lastRedrive.error.name}: ${letter.lastRedrive.error.message}`,
        ]
      : []),
  ].join('\n');
}

async function list(stack: StackInfo, state: string, out: Output): Promise<number> {
  const api = await adminApi(stack);
  const letters = await allDeadLetters(api, state);
  out.log(
    letters.length === 0
      ? `No dead letters in state ${state} (${stack.url}/dead-letters?state=${state}).`
      : `${letters.length} dead letter(s) in state ${state}:\n${letters.map(formatDeadLetter).join('\n')}`,
  );
  const file = dispatchPaths(dataDir).streamDeadLetterFile;
  const records = await readStreamDeadLetters(file);
  out.log(
    records.length === 0
      ? `No stream records set aside (${file}).`
      : `${records.length} stream record(s) the dispatcher failed as a whole (${file}):\n${records.map(formatStreamDeadLetter).join('\n')}\n` +
          'Re-feed them with: npm run dead-letters -- redrive-stream',
  );
  return exitCodes.ok;
}

async function redrive(stack: StackInfo, id: string, out: Output): Promise<number> {
  const api = await adminApi(stack);
  // A fresh key per run: if this request is retried on the wire, the API answers it once.
  const requested = await api('POST', `/dead-letters/${encodeURIComponent(id)}/redrive`, {
    'idempotency-key': randomUUID(),
  });
  const location = requested.location ?? `/dead-letters/${encodeURIComponent(id)}`;
  out.log(`Redrive of ${id} requested; waiting for the dispatcher…`);
  const deadline = Date.now() + redriveWaitMs;
  for (;;) {
    const letter = (await api('GET', location)).body as DeadLetter;
    if (letter.state === 'redriven') {
      out.log(`Redriven at ${letter.redrivenAt}: the ${letter.consumer} consequence of event ${letter.eventId} ran.`);
      return exitCodes.ok;
    }
    if (letter.state === 'dead') {
      out.error(`The redrive failed; ${id} is dead again.\n  last error: ${letter.lastError}`);
      return exitCodes.failed;
    }
    if (Date.now() > deadline) {
      out.error(
        `No outcome after ${redriveWaitMs / 1000} s (state ${letter.state}); is the stack's dispatcher running?\n` +
          `Look again with: npm run dead-letters -- list redrive`,
      );
      return exitCodes.failed;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * The same dispatcher handler the stack runs, composed from the configuration the stack recorded for its own
 * dispatcher (stack.json's `dispatchEnv`: table, clock, Step Functions and Scheduler endpoints and ARNs, outbox,
 * events file, portal, reply-to), so a redriven record meets every consumer the stack's dispatcher has.
 */
async function redriveStream(stack: StackInfo, out: Output): Promise<number> {
  if (!stack.dispatchEnv?.TABLE_NAME || !stack.dispatchEnv.DYNAMODB_ENDPOINT) {
    throw new ScriptError(
      "This stack did not record its dispatcher's configuration: restart npm start, then try again",
      exitCodes.usage,
    );
  }
  // In process.env too: the table client, the clock and the SDK clients read it there, as in the stack's process.
  Object.assign(process.env, stack.dispatchEnv);
  // The dispatcher's own info lines would drown the summary; its warnings and errors still show.
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  const { resetEnv } = await import('../../functions/shared/env');
  resetEnv();
  const { dispatchHandler } = await import('../../functions/dispatch/handler');
  const handler = dispatchHandler(process.env);
  const file = dispatchPaths(dataDir).streamDeadLetterFile;
  const { redriven, remaining, outcomes } = await redriveStreamDeadLetters(file, handler);
  if (outcomes.length === 0) {
    out.log(`No stream records to redrive (${file}).`);
    return exitCodes.ok;
  }
  for (const outcome of outcomes) {
    const error = outcome.error ? `: ${outcome.error.name}: ${outcome.error.message}` : '';
    out.log(`  ${outcome.ok ? 'ok    ' : 'FAILED'}  ${outcome.id} (sequence ${outcome.sequenceNumber})${error}`);
  }
  out.log(`${redriven} of ${outcomes.length} stream record(s) redriven; ${remaining} left in ${file}.`);
  return outcomes.every((outcome) => outcome.ok) ? exitCodes.ok : exitCodes.failed;
}

/** Runs one command against the stack that owns the data directory; returns the exit status. */
export async function run(args: readonly string[], out: Output): Promise<number> {
  const [command = 'list', ...rest] = args;
  const stack = runningStack();
  if (!stack) {
    out.error(`No local stack is running on ${dataDir}: start it with npm start (NIMBUS_DATA_DIR picks the data).`);
    return exitCodes.usage;
  }
  try {
    if (command === 'list' && rest.length <= 1 && ['dead', 'redrive', 'redriven'].includes(rest[0] ?? 'dead')) {
      return await list(stack, rest[0] ?? 'dead', out);
    }
    if (command === 'redrive' && rest.length === 1) return await redrive(stack, rest[0], out);
    if (command === 'redrive-stream' && rest.length === 0) return await redriveStream(stack, out);
    out.error(usage);
    return exitCodes.usage;
  } catch (error) {
    if (error instanceof ScriptError) {
      out.error(error.message);
      return error.exitCode;
    }
    throw error;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) {
  // Exit at once: the SDK's keep-alive sockets would otherwise hold the process open for a while.
  process.exit(await run(process.argv.slice(2), { log: console.log, error: console.error }));
}
