import type { AuditEvent, FieldChange } from '../shared/audit';
import type { DetailType } from './catalogue';
import { changeOf, domainEvent, fieldNames, flag, text, ticketSnapshot, userIdOf } from './detail';
import type { DomainEvent } from './ports';
import { recordChanged } from './record-changed';

/** What every incident event says about the incident right after the change. */
function snapshot(event: AuditEvent) {
  return { ...ticketSnapshot(event), major: flag(event.subject?.major) };
}

interface UpdateEvent {
  readonly detailType: DetailType;
  readonly fires: (event: AuditEvent) => boolean;
  /**
   * The fields this event tells about when it fires: its trigger and the fields that move with it (resolving sets
   * the resolution fields; a new impact or urgency re-rates the priority). The other changed fields of the same
   * update go into one `Incident Updated`.
   */
  readonly covers: readonly string[];
  readonly fields: (event: AuditEvent) => Record<string, unknown>;
}

const changed =
  (...fields: string[]) =>
  (event: AuditEvent) =>
    fields.some((f) => changeOf(event, f));

/** The events of one `updated` audit event, one per kind of change, in this order. */
const updateEvents: readonly UpdateEvent[] = [
  {
    detailType: 'Incident Status Changed',
    fires: changed('status'),
    covers: [
      'status',
      'holdReason',
      'resolutionCode',
      'resolutionNotes',
      'resolvedAt',
      'resolvedBy',
      'closedAt',
      'reopenCount',
    ],
    fields: statusChange,
  },
  {
    detailType: 'Incident Assigned',
    fires: changed('assignmentGroup', 'assignee'),
    covers: ['assignmentGroup', 'assignee'],
    fields: assignment,
  },
  {
    detailType: 'Incident Priority Changed',
    fires: changed('priority'),
    covers: ['priority', 'priorityReason', 'impact', 'urgency'],
    fields: (event) => ({ change: fromTo(changeOf(event, 'priority')) }),
  },
  {
    detailType: 'Major Incident Declared',
    fires: (event) => changeOf(event, 'major')?.after === true,
    covers: ['major', 'priorityReason'],
    fields: () => ({}),
  },
  {
    detailType: 'Major Incident Stood Down',
    fires: (event) => changed('major')(event) && changeOf(event, 'major')?.after !== true,
    covers: ['major', 'priorityReason'],
    fields: () => ({}),
  },
];

function fromTo(change: FieldChange | undefined) {
  return { from: text(change?.before), to: text(change?.after) };
}

/** The codes that come with the new status (never the resolution notes): why it is on hold, how it was resolved. */
function statusChange(event: AuditEvent) {
  const change = fromTo(changeOf(event, 'status'));
  const holdReason = change.to === 'on_hold' ? text(changeOf(event, 'holdReason')?.after) : null;
  const resolutionCode = change.to === 'resolved' ? text(changeOf(event, 'resolutionCode')?.after) : null;
  return {
    change,
    ...(holdReason === null ? {} : { holdReason }),
    ...(resolutionCode === null ? {} : { resolutionCode }),
    ...(change.from === 'resolved' && change.to === 'in_progress' ? { reopened: true } : {}),
  };
}

/** Group and assignee before and after, whichever of the two changed (the other is as the snapshot says). */
function assignment(event: AuditEvent) {
  const now = ticketSnapshot(event);
  const side = (pick: 'before' | 'after') => {
    const group = changeOf(event, 'assignmentGroup');
    const assignee = changeOf(event, 'assignee');
    return {
      assignmentGroup: group ? text(group[pick]) : now.assignmentGroup,
      assignee: assignee ? text(assignee[pick]) : now.assignee,
    };
  };
  return { change: { from: side('before'), to: side('after') } };
}

function updated(event: AuditEvent): DomainEvent[] {
  const firing = updateEvents.filter((u) => u.fires(event));
  const covered = new Set(firing.flatMap((u) => u.covers));
  const events = firing.map((u) => domainEvent(event, u.detailType, { ...snapshot(event), ...u.fields(event) }));
  const rest = fieldNames(event.changes.filter((c) => !covered.has(c.field)));
  // An update with nothing else to say (no recorded change at all) still announces itself.
  if (rest.length > 0 || events.length === 0) {
    events.push(domainEvent(event, 'Incident Updated', { ...snapshot(event), fields: rest }));
  }
  return events;
}

const byAction: Readonly<Record<string, (event: AuditEvent) => DomainEvent[]>> = {
  created: (event) => [
    domainEvent(event, 'Incident Created', {
      ...snapshot(event),
      requesterId: text(event.subject?.requesterId),
      category: text(changeOf(event, 'category')?.after),
      service: text(changeOf(event, 'service')?.after),
    }),
  ],
  updated,
  commented: (event) => {
    const major = changeOf(event, 'majorUpdate')?.after;
    return [
      domainEvent(event, 'Comment Added', {
        ...snapshot(event),
        commentId: text(changeOf(event, 'comment')?.after),
        visibility: event.visibility ?? null,
        ...(major && typeof major === 'object' ? { majorIncident: idAndNumber(major) } : {}),
      }),
    ];
  },
  watcher_added: (event) => [
    domainEvent(event, 'Watcher Added', { ...snapshot(event), watcherId: userIdOf(changeOf(event, 'watcher')?.after) }),
  ],
  watcher_removed: (event) => [
    domainEvent(event, 'Watcher Removed', {
      ...snapshot(event),
      watcherId: userIdOf(changeOf(event, 'watcher')?.before),
    }),
  ],
  linked: (event) => [
    domainEvent(event, 'Incident Linked', { ...snapshot(event), link: linkOf(changeOf(event, 'link')?.after) }),
  ],
  sla_warned: (event) => [domainEvent(event, 'SLA Warning', { ...snapshot(event), clock: slaClockOf(event) })],
  sla_breached: (event) => [domainEvent(event, 'SLA Breached', { ...snapshot(event), clock: slaClockOf(event) })],
  unlinked: (event) => [
    domainEvent(event, 'Incident Unlinked', { ...snapshot(event), link: linkOf(changeOf(event, 'link')?.before) }),
  ],
};

/** The clock the escalation acted on: which one, under which policy, when it falls due. */
function slaClockOf(event: AuditEvent) {
  const change = event.changes.find((c) => c.field.startsWith('clock.'));
  const { kind, policyId, dueAt } = (
    change?.after !== null && typeof change?.after === 'object' ? change.after : {}
  ) as {
    kind?: unknown;
    policyId?: unknown;
    dueAt?: unknown;
  };
  return { kind: text(kind), policyId: text(policyId), dueAt: text(dueAt) };
}

function idAndNumber(value: object) {
  const { id, number } = value as { id?: unknown; number?: unknown };
  return { id: text(id), number: text(number) };
}

function linkOf(value: unknown) {
  const { type, targetNumber } = (value !== null && typeof value === 'object' ? value : {}) as {
    type?: unknown;
    targetNumber?: unknown;
  };
  return { type: text(type), targetNumber: text(targetNumber) };
}

export function incidentEvents(event: AuditEvent): DomainEvent[] {
  const map = Object.hasOwn(byAction, event.action) ? byAction[event.action] : undefined;
  return map ? map(event) : [recordChanged(event)];
}
