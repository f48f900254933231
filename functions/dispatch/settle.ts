/**
 * Runs every effect of an event side by side, then fails with the first failure (or all of them) if any failed: one
 * failing recipient or action does not hold back the others, and the retry redoes only what its ledger key left open.
 */
export async function settleAll(work: readonly Promise<unknown>[], what: string): Promise<void> {
  const results = await Promise.allSettled(work);
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new AggregateError(failures, `${failures.length} ${what} failed`);
}
