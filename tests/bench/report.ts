import type { BundleResult } from './bundles';
import type { OperationResult } from './measure';

/** A plain-text table: left-aligned text, right-aligned numbers. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[], numeric: readonly number[]) {
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const cell = (text: string, c: number) => (numeric.includes(c) ? text.padStart(widths[c]) : text.padEnd(widths[c]));
  const line = (cells: readonly string[]) => cells.map(cell).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const fmt = (n: number, digits = 1) => n.toFixed(digits);

export function operationsTable(results: readonly OperationResult[]): string {
  const rows = results.map((r) => [
    r.name,
    r.tableSize === undefined ? '' : String(r.tableSize),
    r.calls.min === r.calls.max ? String(r.calls.max) : `${r.calls.min}–${r.calls.max}`,
    String(r.budget),
    r.verdict,
    r.commands,
    r.capacityMean === null ? 'n/a' : `${r.capacityPartial ? '≥' : ''}${fmt(r.capacityMean)}`,
    fmt(r.latencyMs.p50),
    fmt(r.latencyMs.p95),
    r.note ?? '',
  ]);
  return table(
    [
      'operation',
      'items',
      'calls',
      'budget',
      'verdict',
      'commands (costliest request)',
      'CU/req',
      'p50 ms',
      'p95 ms',
      'note',
    ],
    rows,
    [1, 2, 3, 6, 7, 8],
  );
}

/** The floor every practice function is held to: the libraries it cannot do without, imported and nothing else. */
export const libraryFloor = '(floor) libraries only';
/** Goal (issue 7): each practice function imports in at most this many times the library floor. */
export const floorRatioGoal = 1.2;

/**
 * Each bundle's median import CPU time as a multiple of the library floor's, measured side by side in the same run.
 * CPU time rather than wall time: on a shared machine the wall time of one import swings by 2× with the load.
 */
export function floorRatio(result: BundleResult, results: readonly BundleResult[]): number | undefined {
  const floor = results.find((r) => r.name === libraryFloor);
  return floor ? result.importCpuMs.median / floor.importCpuMs.median : undefined;
}

export function bundlesTable(results: readonly BundleResult[]): string {
  const empty = results.find((r) => r.name === '(floor) empty handler');
  const rows = results.map((r) => {
    const ratio = floorRatio(r, results);
    const verdict = r.kind === 'practice' && ratio !== undefined ? (ratio <= floorRatioGoal ? 'PASS' : 'OVER') : '';
    return [
      r.name,
      fmt(r.bytes / 1024),
      fmt(r.importMs.median),
      fmt(r.importCpuMs.median),
      empty ? `+${fmt(r.importCpuMs.median - empty.importCpuMs.median)}` : '',
      ratio === undefined ? '' : `${fmt(ratio, 2)}×`,
      verdict,
      r.importCpuMs.runs.map((ms) => fmt(ms, 0)).join(' '),
      r.kind === 'practice' ? r.largest.map((l) => `${l.name} ${fmt(l.bytes / 1024, 0)}`).join(', ') : '',
    ];
  });
  return table(
    [
      'bundle',
      'KB',
      'import ms',
      'CPU ms',
      'CPU vs empty',
      'CPU vs libraries',
      `≤ ${floorRatioGoal}×`,
      'CPU runs ms',
      'largest inputs (KB)',
    ],
    rows,
    [1, 2, 3, 4, 5],
  );
}
