import type { AuditEvent } from '../shared/audit';
import { changeOf, domainEvent, text } from './detail';
import type { DomainEvent } from './ports';
import { recordChanged } from './record-changed';

/** Where a change stands right after the event (from the audit event's subject; never its title or plans). */
function snapshot(event: AuditEvent) {
  const subject = event.subject ?? {};
  const round = subject.approvalRound;
  return {
    number: text(subject.number),
    type: text(subject.type),
    status: text(subject.status),
    riskLevel: text(subject.riskLevel),
    plannedStart: text(subject.plannedStart),
    plannedEnd: text(subject.plannedEnd),
    approvalRound: typeof round === 'number' ? round : null,
  };
}

const byAction: Readonly<Record<string, (event: AuditEvent) => DomainEvent[]>> = {
  created: (event) => [
    domainEvent(event, 'Change Created', { ...snapshot(event), requesterId: text(event.subject?.requesterId) }),
  ],
  /**
   * A move of the lifecycle (a new approval round while in `authorize` too: its event says `authorize → authorize`);
   * any other edit is announced as `Record Changed` with the changed field names.
   */
  updated: (event) => {
    const status = changeOf(event, 'status');
    if (!status) return [recordChanged(event)];
    return [
      domainEvent(event, 'Change Status Changed', {
        ...snapshot(event),
        change: { from: text(status.before), to: text(status.after) },
      }),
    ];
  },
};

/** The domain events of a change's audit event (`recordType: 'change'`); unknown actions become `Record Changed`. */
export function changeEvents(event: AuditEvent): DomainEvent[] {
  const map = Object.hasOwn(byAction, event.action) ? byAction[event.action] : undefined;
  return map ? map(event) : [recordChanged(event)];
}
