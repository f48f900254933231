import type { AuditEvent } from '../domain/shared/audit';
import { auditEventFromItem } from './audit-events';
import { auditEventEntity } from './entities/audit-event.entity';

/** One audit event by record and id (a redrive names it). */
export async function readAuditEvent(recordId: string, id: string): Promise<AuditEvent | undefined> {
  const { data } = await auditEventEntity().get({ recordId, id }).go({ consistent: true });
  return data ? auditEventFromItem(data) : undefined;
}
