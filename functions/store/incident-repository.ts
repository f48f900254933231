import { BusinessRuleError, PreconditionFailedError } from '../domain/errors';
import type {
  HoldReason,
  Incident,
  IncidentStatus,
  Level,
  Priority,
  ResolutionCode,
} from '../domain/incidents/incident';
import type {
  AuditEvent,
  Comment,
  Created,
  IncidentListQuery,
  IncidentRepository,
  Page,
} from '../domain/incidents/ports';
import { checkCursor, InvalidCursorError } from './cursor';
import type { AuditEventItem } from './entities/audit-event.entity';
import type { CommentItem } from './entities/comment.entity';
import type { IncidentItem } from './entities/incident.entity';
import { createdOrReplayed, idempotentPut } from './idempotency';
import { noGroup, queueStatsItems } from './queue-stats';
import { referenceCheckItems, referenceFailure } from './reference-checks';
import { nimbus } from './service';
import { rejectedWith, TransactionFailedError, writeTransaction } from './transactions';

/** Incident numbers start above the first thousand so the first one reads INC0001001. */
const numberOffset = 1000;
const unassigned = noGroup;

const stageOf: Readonly<Record<IncidentStatus, string>> = {
  new: '1',
  in_progress: '2',
  on_hold: '3',
  resolved: '4',
  closed: '5',
};

export function toItem(incident: Incident): IncidentItem {
  const { requester, ...rest } = incident;
  return {
    ...rest,
    requesterId: requester.id,
    requesterName: requester.username,
    stage: stageOf[incident.status],
    assigneeKey: incident.assignee ?? unassigned,
    groupKey: incident.assignmentGroup ?? unassigned,
    kind: 'incident',
  };
}

/** Rebuilds the record in a stable field order (DynamoDB returns attributes in no particular order). */
export function fromItem(item: IncidentItem): Incident {
  return {
    id: item.id,
    number: item.number,
    title: item.title,
    description: item.description,
    impact: item.impact as Level,
    urgency: item.urgency as Level,
    priority: item.priority as Priority,
    status: item.status as IncidentStatus,
    priorityReason: item.priorityReason,
    category: item.category,
    service: item.service,
    assignmentGroup: item.assignmentGroup,
    assignee: item.assignee,
    ciId: item.ciId,
    major: item.major ?? false,
    majorDeclaredAt: item.majorDeclaredAt,
    majorDeclaredBy: item.majorDeclaredBy,
    parentId: item.parentId,
    parentNumber: item.parentNumber,
    requester: { id: item.requesterId, username: item.requesterName },
    holdReason: item.holdReason as HoldReason | undefined,
    resolutionCode: item.resolutionCode as ResolutionCode | undefined,
    resolutionNotes: item.resolutionNotes,
    resolvedAt: item.resolvedAt,
    resolvedBy: item.resolvedBy,
    closedAt: item.closedAt,
    reopenCount: item.reopenCount,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    version: item.version,
  };
}

function commentToItem(c: Comment): CommentItem {
  const { author, ...rest } = c;
  return { ...rest, authorId: author.id, authorName: author.username };
}

function commentFromItem(item: CommentItem): Comment {
  return {
    id: item.id,
    incidentId: item.incidentId,
    body: item.body,
    visibility: item.visibility,
    author: { id: item.authorId, username: item.authorName },
    createdAt: item.createdAt,
  };
}

export function eventToItem(e: AuditEvent): AuditEventItem {
  const { actor, ...rest } = e;
  return {
    ...rest,
    actorId: actor.id,
    actorName: actor.username,
    audience: e.visibility === 'internal' ? 'internal' : 'public',
  };
}

function eventFromItem(item: AuditEventItem): AuditEvent {
  return {
    id: item.id,
    recordId: item.recordId,
    action: item.action as AuditEvent['action'],
    actor: { id: item.actorId, username: item.actorName },
    at: item.at,
    ...(item.visibility ? { visibility: item.visibility as 'public' | 'internal' } : {}),
    changes: item.changes as AuditEvent['changes'],
  };
}

export async function withCursorErrors<T>(cursor: string | undefined, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    // DynamoDB: "The provided starting key is invalid…" / "Exclusive Start Key must…".
    const cause = (error as { cause?: { name?: string; message?: string } }).cause ?? (error as Error);
    if (cursor && cause.name === 'ValidationException' && /start/i.test(cause.message ?? '')) {
      throw new InvalidCursorError();
    }
    throw error;
  }
}

interface PageQuery<I> {
  go(options: { pages: 1; limit: number; cursor?: string }): Promise<{ data: I[]; cursor: string | null }>;
}

/** One Query, one page: the cursor is checked against the index's key fields before it reaches DynamoDB. */
export async function onePage<I, T>(
  query: PageQuery<I>,
  page: { limit: number; cursor?: string },
  keyFields: readonly string[],
  map: (item: I) => T,
): Promise<Page<T>> {
  const cursor = checkCursor(page.cursor, keyFields);
  const result = await withCursorErrors(cursor, () => query.go({ pages: 1, limit: page.limit, cursor }));
  return { items: result.data.map(map), nextCursor: result.cursor ?? null };
}

export const tableKeys = ['pk', 'sk'];
export const indexKeys = (n: number) => [...tableKeys, `gsi${n}pk`, `gsi${n}sk`];

export const incidentRepository: IncidentRepository = {
  async nextNumber() {
    const { data } = await nimbus()
      .entities.counter.update({ name: 'incident' })
      .add({ value: 1 })
      .go({ response: 'all_new' });
    if (data.value === undefined) throw new Error('Counter update returned no value');
    return { sequence: numberOffset + data.value, rulesVersion: data.rulesVersion };
  },

  async create({ incident, event, checks, watchers, idempotency }) {
    const leading = 3; // incident, audit event, queue counts: the reference checks follow
    const result = await writeTransaction(() =>
      nimbus()
        .transaction.write((entities) => [
          entities.incident.create(toItem(incident)).commit(),
          entities.auditEvent.create(eventToItem(event)).commit(),
          ...queueStatsItems(entities, undefined, incident),
          ...referenceCheckItems(entities, checks),
          ...watchers.map((user) =>
            entities.watch
              .put({
                recordId: incident.id,
                userId: user.id,
                username: user.username,
                addedAt: incident.createdAt,
                addedBy: event.actor.id,
              })
              .commit(),
          ),
          ...idempotentPut(entities.idempotency, idempotency, incident, incident.createdAt),
        ])
        .go(),
    );
    // A replay's cancellation also fails nothing else; a broken reference is reported only on a first attempt.
    const replay = idempotency && rejectedWith(result, result.data.length - 1);
    const broken = !replay && referenceFailure(result, leading, checks);
    if (broken) throw broken;
    return createdOrReplayed(result, incident, idempotency);
  },

  async get(id) {
    const { data } = await nimbus().entities.incident.get({ id }).go({ consistent: true });
    return data ? fromItem(data) : undefined;
  },

  async getByNumber(number) {
    const { data } = await nimbus().entities.incident.query.byNumber({ number }).go({ pages: 1, limit: 1 });
    return data[0] ? fromItem(data[0]) : undefined;
  },

  async list(query: IncidentListQuery): Promise<Page<Incident>> {
    const { incident } = nimbus().entities;
    const stage = query.status && query.status !== 'open' ? { stage: stageOf[query.status] } : {};
    const { scope } = query;
    const gsi = { all: 5, requester: 2, assignee: 3, assignmentGroup: 4 }[scope.by];
    const builder =
      scope.by === 'requester'
        ? incident.query.byRequester({ requesterId: scope.value, ...stage })
        : scope.by === 'assignee'
          ? incident.query.byAssignee({ assigneeKey: scope.value, ...stage })
          : scope.by === 'assignmentGroup'
            ? incident.query.byGroup({ groupKey: scope.value, ...stage })
            : incident.query.all({ kind: 'incident', ...stage });
    // `open` = every stage before resolved: one key range on the same index.
    const ranged =
      query.status === 'open'
        ? (builder as unknown as { lt(sk: { stage: string }): typeof builder }).lt({ stage: stageOf.resolved })
        : builder;
    return onePage(ranged, query, indexKeys(gsi), fromItem);
  },

  async update(next, previous, event, checks = []) {
    const expectedVersion = previous.version;
    let leading = 0;
    const result = await writeTransaction(() =>
      nimbus()
        .transaction.write((entities) => {
          const stats = queueStatsItems(entities, previous, next);
          leading = 2 + stats.length;
          return [
            entities.incident
              .put(toItem(next))
              .where((a, { eq }) => eq(a.version, expectedVersion))
              .commit({ response: 'all_old' }),
            entities.auditEvent.create(eventToItem(event)).commit(),
            ...stats,
            ...referenceCheckItems(entities, checks),
          ];
        })
        .go(),
    );
    if (!result.canceled) return next;
    const stale = rejectedWith(result, 0);
    if (stale) {
      const current = (stale.item as IncidentItem | null)?.version;
      throw new PreconditionFailedError('Incident', expectedVersion, current);
    }
    throw referenceFailure(result, leading, checks) ?? new TransactionFailedError(result);
  },

  async addComment(comment, event, idempotency): Promise<Created<Comment>> {
    const result = await writeTransaction(() =>
      nimbus()
        .transaction.write(({ comment: com, auditEvent, incident, idempotency: idem }) => [
          incident
            .check({ id: comment.incidentId })
            .where((a, { ne }) => ne(a.status, 'closed'))
            .commit(),
          com.create(commentToItem(comment)).commit(),
          auditEvent.create(eventToItem(event)).commit(),
          ...idempotentPut(idem, idempotency, comment, comment.createdAt),
        ])
        .go(),
    );
    if (rejectedWith(result, 0) && !rejectedWith(result, 3)) {
      throw new BusinessRuleError('INCIDENT_CLOSED', 'The incident was closed meanwhile; raise a new incident instead');
    }
    return createdOrReplayed(result, comment, idempotency);
  },

  async getComment(incidentId, id) {
    const { data } = await nimbus().entities.comment.get({ incidentId, id }).go({ consistent: true });
    return data ? commentFromItem(data) : undefined;
  },

  async getIncidentAndComment(incidentId, id) {
    const { data } = await nimbus()
      .transaction.get(({ incident, comment }) => [
        incident.get({ id: incidentId }).commit(),
        comment.get({ incidentId, id }).commit(),
      ])
      .go();
    const [incident, comment] = data;
    return {
      incident: incident?.item ? fromItem(incident.item as IncidentItem) : undefined,
      comment: comment?.item ? commentFromItem(comment.item as CommentItem) : undefined,
    };
  },

  async listComments(incidentId, { publicOnly, ...page }) {
    const { comment } = nimbus().entities;
    return publicOnly
      ? onePage(comment.query.byVisibility({ incidentId, visibility: 'public' }), page, indexKeys(1), commentFromItem)
      : onePage(comment.query.primary({ incidentId }), page, tableKeys, commentFromItem);
  },

  async history(recordId, { publicOnly, ...page }) {
    const { auditEvent } = nimbus().entities;
    return publicOnly
      ? onePage(auditEvent.query.byAudience({ recordId, audience: 'public' }), page, indexKeys(1), eventFromItem)
      : onePage(auditEvent.query.primary({ recordId }), page, tableKeys, eventFromItem);
  },
};
