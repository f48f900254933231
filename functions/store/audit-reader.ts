import { auditEventFromImage } from '../dispatch/stream-records';
import type { AuditEvent } from '../domain/shared/audit';
import { dispatchStore } from './dispatch-store';

/** One audit event by record and id (a redrive names it), as the dispatcher decodes it from the stream. */
export async function readAuditEvent(recordId: string, id: string): Promise<AuditEvent | undefined> {
  const { data } = await dispatchStore().entities.auditEvent.get({ recordId, id }).go({ consistent: true });
  return data ? auditEventFromImage(data) : undefined;
}
