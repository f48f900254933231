import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';

/** PutEvents takes at most 10 entries per request… */
export const maxEntriesPerRequest = 10;
/** …whose sizes add up to at most 256 KB. */
export const maxRequestBytes = 256 * 1024;

const bytes = (text: string | undefined) => (text === undefined ? 0 : Buffer.byteLength(text, 'utf8'));

/**
 * An entry's size as EventBridge counts it ("Calculating PutEvents event entry size"): 14 bytes for `Time` when
 * set, plus the UTF-8 bytes of `Source`, `DetailType`, `Detail` and each of `Resources`.
 */
export function entrySize(entry: PutEventsRequestEntry): number {
  return (
    (entry.Time ? 14 : 0) +
    bytes(entry.Source) +
    bytes(entry.DetailType) +
    bytes(entry.Detail) +
    (entry.Resources ?? []).reduce((sum, resource) => sum + bytes(resource), 0)
  );
}

export class EntryTooLargeError extends Error {
  constructor(detailType: string | undefined, size: number) {
    super(`A ${detailType} event of ${size} bytes exceeds PutEvents' ${maxRequestBytes}-byte limit`);
    this.name = 'EntryTooLargeError';
  }
}

/** The entries in order, cut into requests of at most 10 entries and 256 KB each. */
export function batchesOf(entries: readonly PutEventsRequestEntry[]): PutEventsRequestEntry[][] {
  const batches: PutEventsRequestEntry[][] = [];
  let current: PutEventsRequestEntry[] = [];
  let currentBytes = 0;
  for (const entry of entries) {
    const size = entrySize(entry);
    if (size > maxRequestBytes) throw new EntryTooLargeError(entry.DetailType, size);
    if (current.length === maxEntriesPerRequest || currentBytes + size > maxRequestBytes) {
      batches.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(entry);
    currentBytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
