import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { localLambdaContext } from '../lambda-context';
import { writeFileAtomically } from './atomic-file';
import { withFileLock } from './file-lock';
import { sequenceNumberOf } from './lambda-record';

export interface ErrorSummary {
  readonly name: string;
  readonly message: string;
}

/** One line of the dead-letter file: a stream record the handler kept failing on, whole and Lambda-shaped. */
export interface StreamDeadLetter {
  readonly id: string;
  /** When it was dead-lettered (ISO 8601). */
  readonly at: string;
  readonly streamArn: string;
  readonly shardId: string;
  readonly sequenceNumber: string;
  /** Deliveries that failed before it was set aside. */
  readonly attempts: number;
  readonly error: ErrorSummary;
  readonly record: DynamoDBRecord;
  readonly redriveAttempts?: number;
  readonly lastRedrive?: { readonly at: string; readonly error: ErrorSummary };
}

/** The Lambda handler's shape (a middy-wrapped handler fits): a stream event in, batchItemFailures or nothing out. */
export type StreamHandler = (
  event: DynamoDBStreamEvent,
  context: Context,
) => Promise<DynamoDBBatchResponse | undefined> | Promise<void>;

/** What Lambda passes beside the event, for handlers (middy, Powertools) that read it. */
export function errorSummary(error: unknown): ErrorSummary {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

export async function appendStreamDeadLetter(
  file: string,
  entry: Omit<StreamDeadLetter, 'id' | 'at' | 'sequenceNumber'>,
): Promise<StreamDeadLetter> {
  const letter: StreamDeadLetter = {
    id: randomUUID(),
    at: new Date().toISOString(),
    sequenceNumber: sequenceNumberOf(entry.record),
    ...entry,
  };
  await mkdir(dirname(file), { recursive: true });
  await withFileLock(file, () => appendFile(file, `${JSON.stringify(letter)}\n`));
  return letter;
}

/** Every dead letter in the file, oldest first (none when the file does not exist). */
export async function readStreamDeadLetters(file: string): Promise<StreamDeadLetter[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as StreamDeadLetter);
}

export interface RedriveOutcome {
  readonly id: string;
  readonly sequenceNumber: string;
  readonly ok: boolean;
  readonly error?: ErrorSummary;
}

/**
 * Feeds each dead letter, alone, to `handler` again (the Lambda-shaped event it failed in). Those it now handles
 * leave the file; the others stay, with the redrive's error. Letters appended meanwhile are kept untouched.
 */
export async function redriveStreamDeadLetters(
  file: string,
  handler: StreamHandler,
  functionName = 'nimbus-dispatcher',
): Promise<{ redriven: number; remaining: number; outcomes: RedriveOutcome[] }> {
  if (!existsSync(file)) return { redriven: 0, remaining: 0, outcomes: [] };
  const letters = await withFileLock(file, () => readStreamDeadLetters(file));
  const outcomes: RedriveOutcome[] = [];
  for (const letter of letters) {
    const error = await redriveOne(letter, handler, functionName);
    outcomes.push({ id: letter.id, sequenceNumber: letter.sequenceNumber, ok: !error, ...(error ? { error } : {}) });
  }
  const byId = new Map(outcomes.map((outcome) => [outcome.id, outcome]));
  const at = new Date().toISOString();
  const kept = await withFileLock(file, async () => {
    const current = await readStreamDeadLetters(file);
    const remaining = current.flatMap((letter): StreamDeadLetter[] => {
      const outcome = byId.get(letter.id);
      if (!outcome) return [letter];
      if (outcome.ok) return [];
      const error = outcome.error as ErrorSummary;
      return [{ ...letter, redriveAttempts: (letter.redriveAttempts ?? 0) + 1, lastRedrive: { at, error } }];
    });
    await writeFileAtomically(file, remaining.map((letter) => `${JSON.stringify(letter)}\n`).join(''));
    return remaining.length;
  });
  return { redriven: outcomes.filter((outcome) => outcome.ok).length, remaining: kept, outcomes };
}

async function redriveOne(
  letter: StreamDeadLetter,
  handler: StreamHandler,
  functionName: string,
): Promise<ErrorSummary | undefined> {
  try {
    const response = await handler({ Records: [letter.record] }, localLambdaContext(functionName));
    if (response?.batchItemFailures?.length)
      return { name: 'BatchItemFailure', message: 'the handler reported the record as failed (batchItemFailures)' };
    return undefined;
  } catch (error) {
    return errorSummary(error);
  }
}
