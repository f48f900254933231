/** Human numbers of records (`INC0001001`, `CHG0001001`…): a prefix and a sequence from an atomic counter. */
export const sequenceNames = ['INC', 'REQ', 'PRB', 'CHG'] as const;
export type SequenceName = (typeof sequenceNames)[number];

/** Atomic sequences, one per kind of record; a value is never handed out twice. */
export interface Sequences {
  next(name: SequenceName): Promise<number>;
}

/** `INC` + 1001 → `INC0001001`. */
export function formatNumber(prefix: SequenceName, sequence: number): string {
  return `${prefix}${String(sequence).padStart(7, '0')}`;
}
