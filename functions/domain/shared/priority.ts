/** ITIL impact and urgency: 1 = high, 3 = low. Incidents, problems and changes are rated the same way. */
export type Level = 1 | 2 | 3;
export type Priority = 'P1' | 'P2' | 'P3' | 'P4' | 'P5';

/** ITIL impact × urgency matrix: 1/1 → P1 … 3/3 → P5 (priority = impact + urgency − 1). */
export function priorityOf(impact: Level, urgency: Level): Priority {
  return `P${impact + urgency - 1}` as Priority;
}
