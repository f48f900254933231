/**
 * The process's short-lived copy of SLA policies and calendars: the clock engine reads them on every incident
 * change, so a warm container asks DynamoDB at most once per 30 s (one Query for the policies, one GetItem per
 * calendar). Writes made in this process drop it at once; other containers see a change within the TTL.
 */
const ttlMs = 30_000;

interface Entry<T> {
  readonly value: Promise<T>;
  readonly at: number;
}

const entries = new Map<string, Entry<unknown>>();

export function cached<T>(key: string, load: () => Promise<T>, now = Date.now()): Promise<T> {
  const hit = entries.get(key) as Entry<T> | undefined;
  if (hit && now - hit.at < ttlMs) return hit.value;
  const value = load();
  entries.set(key, { value, at: now });
  // A failed read is not remembered: the next call tries again.
  value.catch(() => {
    if (entries.get(key)?.value === value) entries.delete(key);
  });
  return value;
}

/** After a write of policies or calendars (and in tests): the next read goes to DynamoDB. */
export function invalidateSlaConfig(): void {
  entries.clear();
}
