import type { AuditEvent } from '../shared/audit';
import type { BusinessCalendar } from './calendar';
import type { IncidentSla } from './clock';
import type { SlaPolicy } from './policy';

/** Policies and calendars as the clock engine needs them (the store may cache them for a short while). */
export interface SlaConfigReader {
  activePolicies(): Promise<readonly SlaPolicy[]>;
  calendar(id: string): Promise<BusinessCalendar | undefined>;
}

/** The SLA item of an incident; `save` is conditional on the version read (first save: no item yet). */
export interface IncidentSlaStore {
  get(incidentId: string): Promise<IncidentSla | undefined>;
  /**
   * Writes `next` and `event` (an incident audit event, action sla_*) in one transaction; false when stale. Without
   * an event only when nothing but the queue placement changed (decision 0019).
   */
  save(next: IncidentSla, previousVersion: number | undefined, event: AuditEvent | undefined): Promise<boolean>;
}

/** Starts and stops executions of the escalation state machine (Step Functions, or the local runtime). */
export interface EscalationWorkflow {
  /** Idempotent: an execution of that name that already exists (running or closed) counts as started. */
  start(name: string, input: unknown): Promise<void>;
  /** Idempotent: stopping an execution that does not exist or has ended does nothing. */
  stop(name: string, cause: string): Promise<void>;
}
