import type { AuditedRecord } from '../shared/audit-trail';
import type { Incident } from './incident';

/**
 * The incident as it stands after a change, in every audit event of it: what notifications and domain events need
 * (they never read a later version of the incident by mistake). `null` for an absent value.
 */
export type IncidentSubject = {
  readonly number: string;
  readonly title: string;
  readonly status: string;
  readonly priority: string;
  readonly assignmentGroup: string | null;
  readonly assignee: string | null;
  readonly requesterId: string;
  readonly requesterName: string;
  readonly major: boolean;
  readonly parentId: string | null;
  /** What SLA clocks follow: the hold reason pauses them, service and category choose the policy. */
  readonly holdReason: string | null;
  readonly service: string | null;
  readonly category: string | null;
};

export function incidentSubject(incident: Incident): IncidentSubject {
  return {
    number: incident.number,
    title: incident.title,
    status: incident.status,
    priority: incident.priority,
    assignmentGroup: incident.assignmentGroup ?? null,
    assignee: incident.assignee ?? null,
    requesterId: incident.requester.id,
    requesterName: incident.requester.username,
    major: incident.major,
    parentId: incident.parentId ?? null,
    holdReason: incident.holdReason ?? null,
    service: incident.service ?? null,
    category: incident.category ?? null,
  };
}

/** The incident as its audit events name it: record type, id and subject. */
export function incidentRecord(
  incident: Incident,
): AuditedRecord & { readonly recordType: 'incident'; readonly subject: IncidentSubject } {
  return { recordType: 'incident', recordId: incident.id, subject: incidentSubject(incident) };
}
