import { describe, expect, it } from 'vitest';
import { billedWriteUnits, itemSize, valueSize, writeUnits } from '../../bench/item-size';

describe('item sizes as DynamoDB bills them', () => {
  it('counts attribute names and UTF-8 values', () => {
    expect(itemSize({ pk: 'abc', é: 'é' })).toBe(2 + 3 + 2 + 2);
  });

  it('sizes numbers by significant digits, maps and lists with their overhead', () => {
    expect(valueSize(12345)).toBe(4);
    expect(valueSize(true)).toBe(1);
    expect(valueSize(['a', 'bc'])).toBe(3 + 1 + 1 + 1 + 2);
    expect(valueSize({ a: 'xy' })).toBe(3 + 1 + 1 + 2);
  });

  it('bills 1 unit per KB, twice in a transaction, and once more per index copy', () => {
    expect(writeUnits(1024)).toBe(1);
    expect(writeUnits(1025)).toBe(2);
    expect(writeUnits(10, { transactional: true })).toBe(2);
    const item = { pk: 'x'.repeat(1100) };
    expect(billedWriteUnits(item, [{ gsi1pk: 'y' }], { transactional: true })).toBe(4 + 2);
  });
});
