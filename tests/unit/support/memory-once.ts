import type { Once } from '../../../functions/dispatch/consumer';

/**
 * The `once` contract in memory (the dispatcher's ledger keeps it in DynamoDB): claim, effect, mark done; a done
 * key is skipped; a key claimed by a running attempt makes the other attempt fail (to be retried); a failed effect
 * releases its claim so the retry does it again.
 */
export function memoryOnce(): Once & { readonly done: ReadonlySet<string> } {
  const claimed = new Set<string>();
  const done = new Set<string>();
  const once = async (key: string, effect: () => Promise<void>) => {
    if (done.has(key)) return 'skipped' as const;
    if (claimed.has(key)) throw new Error(`Another attempt is delivering ${key}`);
    claimed.add(key);
    try {
      await effect();
    } finally {
      claimed.delete(key);
    }
    done.add(key);
    return 'done' as const;
  };
  return Object.assign(once, { done });
}
