/**
 * The change records (functions/domain/changes): one item per change, written with its audit event in one
 * transaction (record-write), numbers `CHG0001001` from the `change` counter (functions/store/counters.ts).
 */
import { createConversions } from 'electrodb';
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
import type { ChangeListQuery, ChangeRepository } from '../domain/changes/store-port';
import type { UserRef } from '../domain/shared/audit';
import { InvalidCursorError } from '../domain/shared/errors';
import { ulidPattern } from '../domain/shared/ids';
import type { Page } from '../domain/shared/page';
import { auditEventFromItem } from './audit-events';
import { auditEventEntity } from './entities/audit-event.entity';
import { type ChangeItem, changeEntity } from './entities/change.entity';
import { checkCursor, checkCursorScope, indexKeys, onePage, tableKeys, withCursorErrors } from './paging';
import { recordWrite } from './record-write';

/** The calendar index's one partition (sparse: only changes with a planned window are in it). */
export const changeCalendarKey = 'change-calendar';

/** Where a change sorts in a person's lists: `<stage>#<id>` (lifecycle order, then oldest first). */
export function changeOrder(change: Pick<Change, 'status' | 'id'>): string {
  return `${changeStage(change.status)}#${change.id}`;
}

export function changeToItem(change: Change): ChangeItem {
  const stage = changeStage(change.status);
  return {
    ...change,
    services: [...change.services],
    cis: [...change.cis],
    requesterId: change.requester.id,
    stage,
    kind: 'change',
    ...(change.plannedStart ? { calendarKey: changeCalendarKey } : {}),
    ...(change.implementer ? { implementerId: change.implementer.id, implementerOrder: changeOrder(change) } : {}),
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
    const { scope } = query;
    if (scope.by === 'involved') return listInvolved(scope.value, query);
    const side = scope.by === 'all' ? allChanges(query) : personChanges(scope.by, scope.value, query);
    return onePage(side.query, query, side.keyFields, changeFromItem, { scoped: true });
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

type PersonRole = 'requester' | 'implementer';

/** A page-able Query of change items (what `onePage` and the merge run). */
interface ChangeQuery {
  go(options: { pages: 1; limit: number; cursor?: string }): Promise<{ data: ChangeItem[]; cursor: string | null }>;
  params(): unknown;
}

function allChanges({ status, type }: ChangeListQuery): { query: ChangeQuery; keyFields: readonly string[] } {
  const stage = status ? { stage: changeStage(status) } : {};
  const all = changeEntity().query.all({ kind: 'change', ...stage });
  return { query: type ? all.where((a, { eq }) => eq(a.type, String(type))) : all, keyFields: indexKeys(5) };
}

/** One person's requested (gsi2, sk `stage#id`) or implemented (gsi4, sparse, sk `implementerOrder`) changes. */
function personChanges(
  role: PersonRole,
  personId: string,
  { status, type }: ChangeListQuery,
): { query: ChangeQuery; keyFields: readonly string[] } {
  const change = changeEntity();
  if (role === 'requester') {
    const stage = status ? { stage: changeStage(status) } : {};
    const requested = change.query.byRequester({ requesterId: personId, ...stage });
    return {
      query: type ? requested.where((a, { eq }) => eq(a.type, String(type))) : requested,
      keyFields: indexKeys(2),
    };
  }
  const all = change.query.byImplementer({ implementerId: personId });
  const implemented = status ? all.begins({ implementerOrder: `${changeStage(status)}#` }) : all;
  return {
    query: type ? implemented.where((a, { eq }) => eq(a.type, String(type))) : implemented,
    keyFields: indexKeys(4),
  };
}

/** A merged list's cursor: the position (`<stage>#<id>`) up to which both lists have been read. */
const positionPattern = /^(\d{2}-[a-z_]+)#([0-9A-HJKMNP-TV-Z]{26})$/;

function decodePosition(cursor: string | undefined, status: ChangeListQuery['status']): string | undefined {
  if (cursor === undefined) return undefined;
  let position: unknown;
  try {
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (decoded && typeof decoded === 'object' && !Array.isArray(decoded) && Object.keys(decoded).length === 1) {
      position = (decoded as { after?: unknown }).after;
    }
  } catch {
    throw new InvalidCursorError();
  }
  const match = typeof position === 'string' ? positionPattern.exec(position) : null;
  // A cursor of one status's list cannot continue another's (as a Query's cursor is bound to its key condition).
  if (!match || !ulidPattern.test(match[2] ?? '') || (status && match[1] !== changeStage(status))) {
    throw new InvalidCursorError();
  }
  return position as string;
}

const encodePosition = (after: string) => Buffer.from(JSON.stringify({ after })).toString('base64url');

/** Each side's ElectroDB cursor at a merged position (an ExclusiveStartKey; the item need not be in that index). */
function startAt(role: PersonRole, personId: string, position: string): string {
  const conversions = createConversions(changeEntity()).byAccessPattern;
  const [stage, id] = position.split('#') as [string, string];
  const cursor =
    role === 'requester'
      ? conversions.byRequester.fromComposite.toCursor({ id, requesterId: personId, stage })
      : conversions.byImplementer.fromComposite.toCursor({ id, implementerId: personId, implementerOrder: position });
  if (!cursor) throw new InvalidCursorError();
  return cursor;
}

/** The position of the last item a side's page evaluated (its LastEvaluatedKey), or undefined when it is done. */
function endOf(role: PersonRole, cursor: string | null): string | undefined {
  if (!cursor) return undefined;
  const conversions = createConversions(changeEntity()).byAccessPattern;
  if (role === 'requester') {
    const { stage, id } = conversions.byRequester.fromCursor.toComposite(cursor) ?? {};
    return `${stage}#${id}`;
  }
  return conversions.byImplementer.fromCursor.toComposite(cursor)?.implementerOrder;
}

/**
 * The changes a person requested or implements: both sorted lists read from the same position (one Query each, in
 * parallel, `limit` each) and merged. Each side has been read completely up to where its page stopped, so the merge
 * is complete up to the nearer of the two stops: it keeps at most `limit` changes up to there, each once (a change
 * the person both requested and implements is in both), and the next cursor is the position it got to.
 */
async function listInvolved(personId: string, query: ChangeListQuery): Promise<Page<Change>> {
  const position = decodePosition(query.cursor, query.status);
  const read = async (role: PersonRole) => {
    const side = personChanges(role, personId, query);
    const cursor = position === undefined ? undefined : startAt(role, personId, position);
    checkCursorScope(checkCursor(cursor, side.keyFields), side.query);
    const page = await withCursorErrors(cursor, () => side.query.go({ pages: 1, limit: query.limit, cursor }));
    return { items: page.data.map(changeFromItem), end: endOf(role, page.cursor) };
  };
  const sides = await Promise.all([read('requester'), read('implementer')]);
  const ends = sides.map((s) => s.end).filter((end): end is string => end !== undefined);
  const complete = ends.length === 0 ? undefined : ends.reduce((a, b) => (a < b ? a : b));
  const merged = new Map<string, Change>();
  for (const side of sides) {
    for (const change of side.items) {
      if (complete === undefined || changeOrder(change) <= complete) merged.set(change.id, change);
    }
  }
  const ordered = [...merged.values()].sort((a, b) => (changeOrder(a) < changeOrder(b) ? -1 : 1));
  const items = ordered.slice(0, query.limit);
  const last = items.at(-1);
  const next = ordered.length > query.limit && last ? changeOrder(last) : complete;
  return { items, nextCursor: next === undefined ? null : encodePosition(next) };
}
