/**
 * Audit events as the practices write them, generated with fast-check: every record type and action of the kernel,
 * with realistic changes and subject snapshots. Free text (titles, descriptions, notes, names, usernames of
 * people other than the actor) always contains `secret`, so a test can prove none of it reaches a domain event.
 */
import fc from 'fast-check';
import { changeStatuses, changeTypes, riskLevels } from '../../../functions/domain/changes/change';
import { holdReasons, incidentStatuses, resolutionCodes } from '../../../functions/domain/incidents/incident';
import { linkTypes } from '../../../functions/domain/incidents/links';
import type { AuditEvent, ChangeActor, FieldChange } from '../../../functions/domain/shared/audit';

export const secret = 'SECRET';

const ulid = fc.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/);
const userId = fc.oneof(fc.uuid(), ulid);
const slug = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}[a-z0-9]$/);
const number = fc.integer({ min: 1, max: 9_999_999 }).map((n) => `INC${String(n).padStart(7, '0')}`);
const at = fc
  .date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2030-12-31T23:59:59Z'), noInvalidDate: true })
  .map((d) => d.toISOString());
/** Free text: anything a person might type, marked so a leak is found. */
const freeText = fc.string({ maxLength: 40 }).map((s) => `${s} ${secret} ${s}`);
const priority = fc.constantFrom('P1', 'P2', 'P3', 'P4', 'P5');
const status = fc.constantFrom(...incidentStatuses);
const level = fc.constantFrom(1, 2, 3);
const userRef = fc.record({ id: userId, username: freeText });

export const actor: fc.Arbitrary<ChangeActor> = fc.oneof(
  fc.record({ id: userId, username: fc.stringMatching(/^[a-z][a-z0-9.]{1,15}$/) }),
  fc.record({
    id: fc.constant('nimbus'),
    username: fc.constant('nimbus'),
    system: fc.record({ reason: fc.constantFrom('Routing rule: VIP callers', 'SLA breached', 'Workflow') }),
  }),
);

const incidentSubject = fc.record({
  number,
  title: freeText,
  status,
  priority,
  assignmentGroup: fc.option(slug),
  assignee: fc.option(userId),
  requesterId: userId,
  requesterName: freeText,
  major: fc.boolean(),
  parentId: fc.option(ulid),
});

const change = (field: string, value: fc.Arbitrary<unknown>): fc.Arbitrary<FieldChange> =>
  fc.record({ field: fc.constant(field), before: fc.option(value), after: fc.option(value) });

/** One arbitrary per audited incident field, with values of the field's real type. */
const incidentFieldChanges: fc.Arbitrary<FieldChange>[] = [
  change('title', freeText),
  change('description', freeText),
  change('impact', level),
  change('urgency', level),
  change('priority', priority),
  change('priorityReason', freeText),
  change('status', status),
  change('category', slug),
  change('service', slug),
  change('assignmentGroup', slug),
  change('assignee', userId),
  change('ciId', ulid),
  change('major', fc.boolean()),
  change('parentNumber', number),
  change('holdReason', fc.constantFrom(...holdReasons)),
  change('resolutionCode', fc.constantFrom(...resolutionCodes)),
  change('resolutionNotes', freeText),
  change('resolvedAt', at),
  change('resolvedBy', userId),
  change('closedAt', at),
  change('reopenCount', fc.nat(5)),
];

/** Some of the given changes, each at most once. */
const someOf = (changes: fc.Arbitrary<FieldChange>[], minLength = 1): fc.Arbitrary<FieldChange[]> =>
  fc
    .subarray(changes, { minLength })
    .chain((picked): fc.Arbitrary<FieldChange[]> => (picked.length ? fc.tuple(...picked) : fc.constant([])));

interface Shape {
  readonly recordType: string;
  readonly recordId: fc.Arbitrary<string>;
  readonly action: fc.Arbitrary<string>;
  readonly changes: fc.Arbitrary<FieldChange[]>;
  readonly subject?: fc.Arbitrary<AuditEvent['subject']>;
  readonly visibility?: fc.Arbitrary<AuditEvent['visibility']>;
}

function auditEvent(shape: Shape): fc.Arbitrary<AuditEvent> {
  return fc
    .record({
      id: ulid,
      recordId: shape.recordId,
      action: shape.action,
      actor,
      at,
      changes: shape.changes,
      subject: shape.subject ?? fc.constant(undefined),
      visibility: shape.visibility ?? fc.constant(undefined),
    })
    .map(({ subject, visibility, ...rest }) => ({
      ...rest,
      recordType: shape.recordType,
      ...(subject === undefined ? {} : { subject }),
      ...(visibility === undefined ? {} : { visibility }),
    }));
}

const incident = (action: string, changes: fc.Arbitrary<FieldChange[]>, extra: Partial<Shape> = {}) =>
  auditEvent({
    recordType: 'incident',
    recordId: ulid,
    action: fc.constant(action),
    changes,
    subject: incidentSubject,
    ...extra,
  });

const link = fc.record({ type: fc.constantFrom(...linkTypes), targetNumber: number });

export const incidentEvent: fc.Arbitrary<AuditEvent> = fc.oneof(
  incident('created', someOf(incidentFieldChanges)),
  incident('updated', someOf(incidentFieldChanges, 0)),
  incident(
    'commented',
    fc
      .tuple(
        fc.record({ field: fc.constant('comment'), before: fc.constant(null), after: ulid }),
        fc.option(
          fc.record({
            field: fc.constant('majorUpdate'),
            before: fc.constant(null),
            after: fc.record({ id: ulid, number }),
          }),
        ),
      )
      .map(([comment, major]) => (major ? [comment, major] : [comment])),
    { visibility: fc.constantFrom('public' as const, 'internal' as const) },
  ),
  incident(
    'watcher_added',
    userRef.map((after) => [{ field: 'watcher', before: null, after }]),
  ),
  incident(
    'watcher_removed',
    fc.oneof(userRef, fc.record({ id: userId })).map((before) => [{ field: 'watcher', before, after: null }]),
  ),
  incident(
    'linked',
    fc
      .tuple(link, fc.option(number))
      .map(([after, parent]) => [
        { field: 'link', before: null, after },
        ...(parent ? [{ field: 'parentNumber', before: null, after: parent }] : []),
      ]),
  ),
  incident(
    'unlinked',
    fc
      .tuple(link, fc.option(number))
      .map(([before, parent]) => [
        { field: 'link', before, after: null },
        ...(parent ? [{ field: 'parentNumber', before: parent, after: null }] : []),
      ]),
  ),
  ...(['sla_warned', 'sla_breached'] as const).map((action) =>
    incident(
      action,
      fc
        .record({
          kind: fc.constantFrom('response', 'resolution'),
          policyId: slug,
          dueAt: fc.constant('2026-12-07T13:00:00.000Z'),
          state: fc.constant('running'),
        })
        .map((after) => [{ field: `clock.${after.kind}`, before: { ...after }, after }]),
    ),
  ),
);

const groupFieldChanges = [
  change('name', freeText),
  change('description', freeText),
  change('manager', userRef),
  change('escalationGroup', slug),
  change('active', fc.boolean()),
];

const group = (action: string, changes: fc.Arbitrary<FieldChange[]>) =>
  auditEvent({ recordType: 'group', recordId: slug.map((s) => `group:${s}`), action: fc.constant(action), changes });

export const groupEvent: fc.Arbitrary<AuditEvent> = fc.oneof(
  group('created', someOf(groupFieldChanges)),
  group('updated', someOf(groupFieldChanges)),
  group(
    'member_added',
    userRef.map((after) => [{ field: 'member', before: null, after }]),
  ),
  group(
    'member_removed',
    userRef.map((before) => [{ field: 'member', before, after: null }]),
  ),
);

const referenceFieldChanges = [
  change('name', freeText),
  change('description', freeText),
  change('parentId', slug),
  change('ownerGroup', slug),
  change('active', fc.boolean()),
];

const reference = (recordType: 'category' | 'service') =>
  auditEvent({
    recordType,
    recordId: slug.map((s) => `${recordType}:${s}`),
    action: fc.constantFrom('created', 'updated'),
    changes: someOf(referenceFieldChanges),
  });

const ruleFieldChanges = (id: string) => [
  change(`rules.${id}.name`, freeText),
  change(`rules.${id}.active`, fc.boolean()),
  change(`rules.${id}.conditions`, fc.record({ text: freeText })),
  change(`rules.${id}.actions`, fc.record({ assignmentGroup: slug })),
  change(`rules.${id}.position`, fc.nat(20)),
  change('defaultGroup', slug),
  change('order', fc.array(ulid)),
];

export const referenceEvent: fc.Arbitrary<AuditEvent> = fc.oneof(
  reference('category'),
  reference('service'),
  ulid.chain((ruleId) =>
    auditEvent({
      recordType: 'routing-rules',
      recordId: fc.constant('routing-rules'),
      action: fc.constantFrom('created', 'updated', 'deleted'),
      changes: someOf(ruleFieldChanges(ruleId)),
    }),
  ),
);

const changeStatus = fc.constantFrom(...changeStatuses);
const changeSubject = fc.record({
  number: fc.integer({ min: 1, max: 9_999_999 }).map((n) => `CHG${String(n).padStart(7, '0')}`),
  title: freeText,
  type: fc.constantFrom(...changeTypes),
  status: changeStatus,
  riskLevel: fc.option(fc.constantFrom(...riskLevels)),
  requesterId: userId,
  implementerId: fc.option(userId),
  changeManagerId: fc.option(userId),
  plannedStart: fc.option(at),
  plannedEnd: fc.option(at),
  approvalRound: fc.option(fc.integer({ min: 1, max: 20 })),
});
const changeFieldChanges: fc.Arbitrary<FieldChange>[] = [
  change('title', freeText),
  change('description', freeText),
  change('implementationPlan', freeText),
  change('plannedStart', at),
  change('approval', fc.record({ round: fc.nat(5), state: fc.constant('pending') })),
];
const changeRecordEvent = (action: fc.Arbitrary<string>, changes: fc.Arbitrary<FieldChange[]>) =>
  auditEvent({ recordType: 'change', recordId: ulid, action, changes, subject: changeSubject });

/** Change records (`recordType: 'change'`): created, moved (a `status` change) or edited, and their other actions. */
export const changeEvent: fc.Arbitrary<AuditEvent> = fc.oneof(
  changeRecordEvent(fc.constant('created'), someOf(changeFieldChanges)),
  changeRecordEvent(
    fc.constant('updated'),
    fc
      .tuple(
        fc.record({ field: fc.constant('status'), before: changeStatus, after: changeStatus }),
        someOf(changeFieldChanges, 0),
      )
      .map(([status, rest]) => [status, ...rest]),
  ),
  changeRecordEvent(fc.constant('updated'), someOf(changeFieldChanges)),
  changeRecordEvent(fc.constantFrom('voted', 'conflicts_checked'), someOf(changeFieldChanges, 0)),
);

/** Record types and actions the catalogue does not know (a future practice, a new action). */
export const unknownEvent: fc.Arbitrary<AuditEvent> = fc.oneof(
  auditEvent({
    recordType: 'problem',
    recordId: ulid,
    action: fc.constantFrom('approved', 'rejected', 'created'),
    changes: someOf([change('title', freeText), change('risk', fc.nat(5)), change('status', slug)], 0),
    subject: fc.record({ number: fc.constant('PRB0000001'), title: freeText, status: slug, priority }),
  }),
  incident('escalated', someOf(incidentFieldChanges, 0)),
  group('renamed', someOf(groupFieldChanges, 0)),
  reference('category').map((e) => ({ ...e, action: 'deleted' })),
);

export const anyAuditEvent: fc.Arbitrary<AuditEvent> = fc.oneof(
  incidentEvent,
  groupEvent,
  referenceEvent,
  changeEvent,
  unknownEvent,
);
