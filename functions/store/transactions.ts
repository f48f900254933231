import { ConflictError } from '../domain/errors';

/** One cancellation reason per transaction item, as ElectroDB reports them. */
export interface CanceledItem {
  readonly rejected: boolean;
  readonly code: string;
  readonly item: unknown;
}

export interface TransactionResult {
  readonly canceled: boolean;
  readonly data: readonly CanceledItem[];
}

const maxAttempts = 5;

/**
 * Runs a transaction, retrying only when DynamoDB cancelled it because another transaction held one of its
 * items at the same moment (`TransactionConflict`); condition failures are returned to the caller to interpret.
 */
export async function writeTransaction(run: () => Promise<TransactionResult>): Promise<TransactionResult> {
  for (let attempt = 1; ; attempt++) {
    const result = await run();
    const conflicted = result.canceled && result.data.some((r) => r.code === 'TransactionConflict');
    const failedCondition = result.canceled && result.data.some((r) => r.code === 'ConditionalCheckFailed');
    if (!conflicted || failedCondition) return result;
    if (attempt >= maxAttempts)
      throw new ConflictError('Too many simultaneous changes to this record; retry', 'CONCURRENT_CHANGE');
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * 2 ** attempt));
  }
}

export function rejectedWith(result: TransactionResult, index: number, code = 'ConditionalCheckFailed') {
  const reason = result.data[index];
  return reason?.rejected && reason.code === code ? reason : undefined;
}

export class TransactionFailedError extends Error {
  constructor(result: TransactionResult) {
    super(`Transaction cancelled: ${result.data.map((r) => r.code).join(', ')}`);
    this.name = 'TransactionFailedError';
  }
}
