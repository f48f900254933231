/**
 * The change records (functions/domain/changes): one item per change, written with its audit event in one
 * transaction (record-write), numbers `CHG0001001` from the `change` counter (functions/store/counters.ts).
 */
import type {
  AffectedItem,
  BlackoutOverride,
  Change,
  ChangeApproval,
  ChangeConflicts,
  ChangeImplementation,
  ChangeReview,
  ChangeStatus,
  ChangeType,
  RiskAssessment,
} from '../domain/changes/change';
import { changeStage } from '../domain/changes/change';
import { type ChangeAuditEvent, maxChangeWindowDays } from '../domain/changes/ports';
import type { ChangeRepository } from '../domain/changes/store-port';
import type { UserRef } from '../domain/shared/audit';
import { auditEventFromItem } from './audit-events';
import { auditEventEntity } from './entities/audit-event.entity';
import { type ChangeItem, changeEntity } from './entities/change.entity';
import { indexKeys, onePage, tableKeys } from './paging';
import { recordWrite } from './record-write';

/** The calendar index's one partition (sparse: only changes with a planned window are in it). */
export const changeCalendarKey = 'change-calendar';

export function changeToItem(change: Change): ChangeItem {
  return {
    ...change,
    services: [...change.services],
    cis: [...change.cis],
    requesterId: change.requester.id,
    stage: changeStage(change.status),
    kind: 'change',
    ...(change.plannedStart ? { calendarKey: changeCalendarKey } : {}),
  } as ChangeItem;
}

/** Rebuilds the record in a stable field order (DynamoDB returns attributes in no particular order). */
export function changeFromItem(item: ChangeItem): Change {
  const optional = <K extends keyof Change>(key: K, value: Change[K] | undefined) =>
    value === undefined || value === null ? {} : { [key]: value };
  return {
    id: item.id,
    number: item.number,
    title: item.title,
    description: item.description,
    type: item.type as ChangeType,
    ...optional('templateId', item.templateId),
    services: (item.services ?? []) as AffectedItem[],
    cis: (item.cis ?? []) as AffectedItem[],
    implementationPlan: item.implementationPlan,
    backoutPlan: item.backoutPlan,
    testPlan: item.testPlan,
    ...optional('plannedStart', item.plannedStart),
    ...optional('plannedEnd', item.plannedEnd),
    requester: item.requester as UserRef,
    ...optional('implementer', item.implementer as UserRef | undefined),
    ...optional('changeManager', item.changeManager as UserRef | undefined),
    ...optional('risk', item.risk as RiskAssessment | undefined),
    status: item.status as ChangeStatus,
    ...optional('approval', item.approval as ChangeApproval | undefined),
    ...optional('conflicts', item.conflicts as ChangeConflicts | undefined),
    ...optional('blackoutOverride', item.blackoutOverride as BlackoutOverride | undefined),
    ...optional('implementation', item.implementation as ChangeImplementation | undefined),
    ...optional('review', item.review as ChangeReview | undefined),
    ...optional('closeReason', item.closeReason),
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    version: item.version,
  } as Change;
}

const dayMs = 24 * 3600 * 1000;

export const changeRepository: ChangeRepository = {
  async create({ change, event, idempotency }) {
    const outcome = await recordWrite()
      .item('record', changeEntity(), (e) => e.create(changeToItem(change)).commit())
      .audit(event)
      .idempotency(idempotency, change, change.createdAt)
      .commit();
    if (outcome.committed) return { value: change, replayed: false };
    const replay = outcome.replayed<Change>();
    if (replay) return { value: replay, replayed: true };
    throw outcome.unexpected();
  },

  async get(id) {
    const { data } = await changeEntity().get({ id }).go({ consistent: true });
    return data ? changeFromItem(data) : undefined;
  },

  async getByNumber(number) {
    const { data } = await changeEntity().query.byNumber({ number }).go({ pages: 1, limit: 1 });
    return data[0] ? changeFromItem(data[0]) : undefined;
  },

  async update(next, previous, event) {
    const expectedVersion = previous.version;
    const outcome = await recordWrite()
      .item('record', changeEntity(), (e) =>
        e
          .put(changeToItem(next))
          .where((a, { eq }) => eq(a.version, expectedVersion))
          .commit({ response: 'all_old' }),
      )
      .audit(event)
      .commit();
    if (outcome.committed) return next;
    outcome.throwIfStale('Change', expectedVersion);
    throw outcome.unexpected();
  },

  async list(query) {
    const change = changeEntity();
    const stage = query.status ? { stage: changeStage(query.status) } : {};
    const { scope, type } = query;
    const builder =
      scope.by === 'requester'
        ? change.query.byRequester({ requesterId: scope.value, ...stage })
        : change.query.all({ kind: 'change', ...stage });
    const filtered = type ? builder.where((a, { eq }) => eq(a.type, String(type))) : builder;
    return onePage(filtered, query, indexKeys(scope.by === 'requester' ? 2 : 5), changeFromItem, { scoped: true });
  },

  async listInWindow(from, to, statuses) {
    // A window is at most maxChangeWindowDays long: any change overlapping [from, to) starts in [from − max, to).
    const earliest = new Date(Date.parse(from) - maxChangeWindowDays * dayMs).toISOString();
    const { data } = await changeEntity()
      .query.byWindow({ calendarKey: changeCalendarKey })
      .between({ plannedStart: earliest }, { plannedStart: to })
      .go({ pages: 'all' });
    return data
      .map(changeFromItem)
      .filter(
        (c) =>
          statuses.includes(c.status) &&
          c.plannedStart !== undefined &&
          c.plannedEnd !== undefined &&
          c.plannedStart < to &&
          c.plannedEnd > from,
      );
  },

  async history(changeId, page) {
    return onePage(
      auditEventEntity().query.primary({ recordId: changeId }),
      page,
      tableKeys,
      (item) => auditEventFromItem(item) as ChangeAuditEvent,
    );
  },
};
