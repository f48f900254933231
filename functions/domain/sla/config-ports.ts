import type { AuditEvent } from '../shared/audit';
import type { CallerDeps } from '../shared/caller';
import type { Created, IdempotencyClaim } from '../shared/created';
import type { Page, PageRequest } from '../shared/page';
import type { ReferenceCheck } from '../shared/references';
import type { BusinessCalendar } from './calendar';
import type { SlaPolicy } from './policy';

export type SlaConfigAuditAction = 'created' | 'updated';
/** Audit events of calendars (`calendar:<id>`) and policies (`sla-policy:<id>`). */
export type SlaConfigAuditEvent = AuditEvent<SlaConfigAuditAction>;

/** Stored calendars (the built-in 24x7 included: the store answers it without a read). */
export interface CalendarRepository {
  get(id: string): Promise<BusinessCalendar | undefined>;
  list(page: PageRequest): Promise<Page<BusinessCalendar>>;
  create(
    calendar: BusinessCalendar,
    event: SlaConfigAuditEvent,
    idempotency?: IdempotencyClaim,
  ): Promise<Created<BusinessCalendar>>;
  /** Replaces it if its stored version is still `expectedVersion` (412 otherwise). */
  update(next: BusinessCalendar, expectedVersion: number, event: SlaConfigAuditEvent): Promise<BusinessCalendar>;
  history(id: string, page: PageRequest): Promise<Page<SlaConfigAuditEvent>>;
}

export interface PolicyRepository {
  get(id: string): Promise<SlaPolicy | undefined>;
  list(page: PageRequest): Promise<Page<SlaPolicy>>;
  /** Writes the policy with its event; each check (calendar, service, category) must hold (422 naming the field). */
  create(
    policy: SlaPolicy,
    event: SlaConfigAuditEvent,
    checks: readonly ReferenceCheck[],
    idempotency?: IdempotencyClaim,
  ): Promise<Created<SlaPolicy>>;
  update(
    next: SlaPolicy,
    expectedVersion: number,
    event: SlaConfigAuditEvent,
    checks: readonly ReferenceCheck[],
  ): Promise<SlaPolicy>;
  history(id: string, page: PageRequest): Promise<Page<SlaConfigAuditEvent>>;
}

export interface SlaConfigDeps extends CallerDeps {
  readonly calendars: CalendarRepository;
  readonly policies: PolicyRepository;
}
