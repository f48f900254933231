/**
 * The SLA clocks of one incident. CONTRACT: these shapes are shared by the clock engine (the SLA consumer that folds
 * incident audit events into clocks), the escalation workflow's task handler, the starter consumer and reports.
 *
 * Rules (docs/decisions/0016-sla-clocks.md):
 * - both clocks start when the incident is created (at its `createdAt`), on the policy matching it then;
 * - the response clock is met at the first agent acknowledgement: the status leaves `new`, or a public comment by
 *   anyone other than the requester;
 * - the resolution clock is met at `resolved` (or `closed`) and resumes on reopen with its elapsed time kept;
 * - both pause while the incident is on hold for a reason in the policy's `pauseOn`, and resume with their elapsed
 *   time kept; a priority, service or category change that selects another policy re-targets them keeping the
 *   elapsed business time.
 */

import type { QueuePlacement } from './queue-placement';

export type ClockKind = 'response' | 'resolution';
export const clockKinds: readonly ClockKind[] = ['response', 'resolution'];

/** Stored state; `breached` is never stored (a clock past its due time is breached: see `clockView`). */
export type StoredClockState = 'running' | 'paused' | 'met';
export type ClockState = 'running' | 'paused' | 'met' | 'breached';

export interface SlaClock {
  readonly kind: ClockKind;
  readonly policyId: string;
  readonly calendarId: string;
  /** ISO 8601 duration of business time, as the policy says it. */
  readonly target: string;
  readonly targetSeconds: number;
  readonly warningPercent: number;
  readonly state: StoredClockState;
  readonly startedAt: string;
  /** Business seconds elapsed up to `since` (running: since then it counts; paused/met: final until resumed). */
  readonly elapsedSeconds: number;
  /** Business seconds spent paused, accumulated over every pause. */
  readonly pausedSeconds: number;
  /** When the current running or paused stretch began. */
  readonly since: string;
  /** Running only: when the warning and the breach fall (business time on the calendar). */
  readonly warnAt?: string;
  readonly dueAt?: string;
  readonly metAt?: string;
  /** Stamped by the escalation workflow when it acted on the milestone (or by the engine when met late). */
  readonly warnedAt?: string;
  readonly breachedAt?: string;
}

/** What the escalation workflow of the current generation waits for (absent: no execution should run). */
export interface SlaExecution {
  readonly generation: number;
  /** `<incidentId>-<generation>`: an execution name is never reused (AWS refuses reuse for 90 days). */
  readonly name: string;
  readonly kind: ClockKind;
  readonly warnAt: string;
  readonly breachAt: string;
}

/** A failed escalation, visible on the incident's SLA until the next successful one. */
export interface SlaError {
  readonly generation: number;
  readonly kind: ClockKind;
  readonly milestone: 'warning' | 'breach';
  readonly error: string;
  readonly cause?: string;
  readonly at: string;
}

/**
 * One item per incident (pk = incident id, sk = `sla`), written only by the SLA consumer and the escalation task,
 * each conditional on `version`.
 */
export interface IncidentSla {
  readonly incidentId: string;
  readonly clocks: readonly SlaClock[];
  /** The id of the last incident audit event folded into the clocks (ULIDs order the events of a record). */
  readonly cursor: string;
  readonly generation: number;
  readonly execution?: SlaExecution;
  readonly slaError?: SlaError;
  /**
   * Where the incident sits in its group's queue by due time (decision 0019): set from the subject of the last folded
   * event while the incident is open and has a group; absent otherwise (then the item is in no queue index).
   */
  readonly queue?: QueuePlacement;
  readonly version: number;
}

/**
 * The `changes` of the sla_* audit events (recordType `incident`, recordId the incident id, actor the system actor
 * with reason `SLA`, subject = the incident subject as of the last folded event):
 * - `{ field: 'clock.response' | 'clock.resolution', before: SlaClock | null, after: SlaClock | null }` per clock
 *   that changed, with `transition` below in `after` terms (a met clock has state `met` and `metAt`);
 * - `{ field: 'execution', before: SlaExecution | null, after: SlaExecution | null }` when the escalation execution
 *   that should run changes (the starter consumer stops `before` and starts `after`);
 * - `{ field: 'slaError', before, after: SlaError | null }` when an escalation failed or succeeded again.
 */
export const clockField = (kind: ClockKind) => `clock.${kind}` as const;

/** The API view of a clock (`GET /incidents/{id}/sla`). */
export interface ClockView {
  readonly kind: ClockKind;
  readonly policyId: string;
  readonly target: string;
  readonly dueAt: string | null;
  readonly elapsedSeconds: number;
  readonly pausedSeconds: number;
  readonly state: ClockState;
  readonly warnedAt: string | null;
  readonly breachedAt: string | null;
}

export function executionName(incidentId: string, generation: number): string {
  return `${incidentId}-${generation}`;
}

/** The workflow's input: `wake` holds the instants its Wait states wait for (converted at the local runtime). */
export interface EscalationInput {
  readonly incidentId: string;
  readonly generation: number;
  readonly kind: ClockKind;
  readonly wake: { readonly warnAt: string; readonly breachAt: string };
}

/** What each escalation Task receives (ASL Parameters). */
export interface EscalationTaskInput {
  readonly incidentId: string;
  readonly generation: number;
  readonly kind: ClockKind;
  readonly milestone: 'warning' | 'breach' | 'error';
  /** `milestone: 'error'`: the Catch's error output. */
  readonly error?: { readonly Error?: string; readonly Cause?: string };
}

export interface EscalationTaskResult {
  /** False when the milestone no longer held (met, paused, re-targeted, other generation) or was already acted on. */
  readonly acted: boolean;
}
