/**
 * Bench rows of the admin practice: dead letters (seeded straight into the store, one per redrive) and the
 * suppression list.
 */
import { ulid } from 'ulid';
import { deadLetterId, failureTracker } from '../../functions/store/dead-letter-repository';
import type { OperationSpec } from './measure';
import type { Send } from './routing';

/** `count` dead letters of a consumer that failed for good (what the dispatcher leaves after its last attempt). */
export async function seedDeadLetters(count: number): Promise<string[]> {
  const at = new Date().toISOString();
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const event = {
      id: ulid(),
      recordType: 'incident',
      recordId: ulid(),
      action: 'created',
      actor: { id: 'bench', username: 'bench' },
      at,
      changes: [],
    };
    await failureTracker.failed('bench-consumer', event, 'Error: SES throttled', at);
    await failureTracker.bury('bench-consumer', event.id, at);
    ids.push(deadLetterId('bench-consumer', event.id));
  }
  return ids;
}

export function adminSpecs(send: Send, deadLetters: readonly string[]): OperationSpec[] {
  const tag = process.pid.toString(36);
  const address = (i: number) => `bench-${tag}-${i}@example.com`;
  const row = (name: string, operation: string, budget: number, request: (i: number) => Promise<unknown>) => ({
    name,
    operation,
    budget,
    request: async (i: number) => void (await request(i)),
  });
  return [
    row('listDeadLetters', 'listDeadLetters', 1, () => send('erin', 'GET', '/dead-letters?limit=25', 200)),
    row('getDeadLetter', 'getDeadLetter', 1, (i) =>
      send('erin', 'GET', `/dead-letters/${encodeURIComponent(deadLetters[i])}`, 200),
    ),
    row('redriveDeadLetter', 'redriveDeadLetter', 2, (i) =>
      send('erin', 'POST', `/dead-letters/${encodeURIComponent(deadLetters[i])}/redrive`, 202),
    ),
    row('addSuppression', 'addSuppression', 2, (i) =>
      send('erin', 'POST', '/suppressions', 201, { body: { address: address(i), reason: 'Bounced (bench)' } }),
    ),
    row('getSuppression', 'getSuppression', 1, (i) => send('erin', 'GET', `/suppressions/${address(i)}`, 200)),
    row('listSuppressions', 'listSuppressions', 1, () => send('erin', 'GET', '/suppressions?limit=25', 200)),
    row('removeSuppression', 'removeSuppression', 2, (i) => send('erin', 'DELETE', `/suppressions/${address(i)}`, 204)),
  ];
}
