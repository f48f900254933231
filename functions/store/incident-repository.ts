import { createGetTransaction } from 'electrodb';
import type { HoldReason, Incident, IncidentStatus, ResolutionCode } from '../domain/incidents/incident';
import { incidentClosedMeanwhileError } from '../domain/incidents/incident';
import type { Comment, IncidentAuditAction, IncidentListQuery, IncidentRepository } from '../domain/incidents/ports';
import { PreconditionFailedError } from '../domain/shared/errors';
import type { Page } from '../domain/shared/page';
import type { Level, Priority } from '../domain/shared/priority';
import { referenceError } from '../domain/shared/references';
import { auditEventFromItem } from './audit-events';
import { auditEventEntity } from './entities/audit-event.entity';
import { type CommentItem, commentEntity } from './entities/comment.entity';
import { type IncidentItem, incidentEntity } from './entities/incident.entity';
import { queueStatsEntity } from './entities/queue-stats.entity';
import { watchEntity } from './entities/watch.entity';
import { batchGet, parseItem, tableKey } from './keys';
import { indexKeys, onePage, tableKeys } from './paging';
import { personFromRaw, personTableKey } from './people-repository';
import { noGroup, queueStatsItems } from './queue-stats';
import { recordWrite } from './record-write';

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
    ...(requester.name === undefined ? {} : { requesterDisplayName: requester.name }),
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
    ...(item.assignee !== undefined && item.assigneeName !== undefined ? { assigneeName: item.assigneeName } : {}),
    ciId: item.ciId,
    major: item.major ?? false,
    majorDeclaredAt: item.majorDeclaredAt,
    majorDeclaredBy: item.majorDeclaredBy,
    parentId: item.parentId,
    parentNumber: item.parentNumber,
    requester: {
      id: item.requesterId,
      username: item.requesterName,
      name: item.requesterDisplayName ?? item.requesterName,
    },
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

export const incidentRepository: IncidentRepository = {
  async create({ incident, event, checks, watchers, idempotency }) {
    const outcome = await recordWrite()
      .item('record', incidentEntity(), (e) => e.create(toItem(incident)).commit())
      .audit(event)
      .item('counts', queueStatsEntity(), (e) => queueStatsItems(e, undefined, incident))
      .check(checks)
      .item('watchers', watchEntity(), (e) =>
        watchers.map((user) =>
          e
            .put({
              recordId: incident.id,
              userId: user.id,
              username: user.username,
              ...(user.name === undefined ? {} : { name: user.name }),
              addedAt: incident.createdAt,
              addedBy: event.actor.id,
            })
            .commit(),
        ),
      )
      .idempotency(idempotency, incident, incident.createdAt)
      .commit();
    if (outcome.committed) return { value: incident, replayed: false };
    // A replay's cancellation fails nothing else; a broken reference is reported only on a first attempt.
    const replay = outcome.replayed<Incident>();
    if (replay) return { value: replay, replayed: true };
    const failed = outcome.failedChecks();
    if (failed.length) throw referenceError(failed);
    throw outcome.unexpected();
  },

  async get(id) {
    const { data } = await incidentEntity().get({ id }).go({ consistent: true });
    return data ? fromItem(data) : undefined;
  },

  async getWithPerson(id, personId) {
    const incidentKey = tableKey(incidentEntity(), { id });
    const personKey = personTableKey(personId);
    const found = await batchGet(personKey ? [incidentKey, personKey] : [incidentKey]);
    const raw = found.get(incidentKey);
    const item = raw ? (parseItem(incidentEntity(), raw) as IncidentItem | null) : null;
    const person = personKey ? personFromRaw(found.get(personKey)) : undefined;
    return { incident: item ? fromItem(item) : undefined, person };
  },

  async getByNumber(number) {
    const { data } = await incidentEntity().query.byNumber({ number }).go({ pages: 1, limit: 1 });
    return data[0] ? fromItem(data[0]) : undefined;
  },

  async list(query: IncidentListQuery): Promise<Page<Incident>> {
    const incident = incidentEntity();
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
    const outcome = await recordWrite()
      .item('record', incidentEntity(), (e) =>
        e
          .put(toItem(next))
          .where((a, { eq }) => eq(a.version, expectedVersion))
          .commit({ response: 'all_old' }),
      )
      .audit(event)
      .item('counts', queueStatsEntity(), (e) => queueStatsItems(e, previous, next))
      .check(checks)
      .commit();
    if (outcome.committed) return next;
    const stale = outcome.failed('record');
    if (stale)
      throw new PreconditionFailedError('Incident', expectedVersion, (stale.item as IncidentItem | null)?.version);
    const failed = outcome.failedChecks();
    if (failed.length) throw referenceError(failed);
    throw outcome.unexpected();
  },

  async addComment(comment, event, idempotency) {
    const outcome = await recordWrite()
      .item('open', incidentEntity(), (e) =>
        e
          .check({ id: comment.incidentId })
          .where((a, { ne }) => ne(a.status, 'closed'))
          .commit(),
      )
      .item('comment', commentEntity(), (e) => e.create(commentToItem(comment)).commit())
      .audit(event)
      .idempotency(idempotency, comment, comment.createdAt)
      .commit();
    if (outcome.committed) return { value: comment, replayed: false };
    const replay = outcome.replayed<Comment>();
    if (replay) return { value: replay, replayed: true };
    if (outcome.failed('open')) throw incidentClosedMeanwhileError();
    throw outcome.unexpected();
  },

  async getComment(incidentId, id) {
    const { data } = await commentEntity().get({ incidentId, id }).go({ consistent: true });
    return data ? commentFromItem(data) : undefined;
  },

  async getIncidentAndComment(incidentId, id) {
    const incident = incidentEntity();
    const comment = commentEntity();
    const { data } = await createGetTransaction({ incident, comment }, (e) => [
      e.incident.get({ id: incidentId }).commit(),
      e.comment.get({ incidentId, id }).commit(),
    ]).go();
    const [found, note] = data;
    return {
      incident: found?.item ? fromItem(found.item as IncidentItem) : undefined,
      comment: note?.item ? commentFromItem(note.item as CommentItem) : undefined,
    };
  },

  async listComments(incidentId, { publicOnly, ...page }) {
    const comment = commentEntity();
    return publicOnly
      ? onePage(comment.query.byVisibility({ incidentId, visibility: 'public' }), page, indexKeys(1), commentFromItem)
      : onePage(comment.query.primary({ incidentId }), page, tableKeys, commentFromItem);
  },

  async history(recordId, { publicOnly, ...page }) {
    const auditEvent = auditEventEntity();
    const fromItem = auditEventFromItem<IncidentAuditAction>;
    return publicOnly
      ? onePage(auditEvent.query.byAudience({ recordId, audience: 'public' }), page, indexKeys(1), fromItem)
      : onePage(auditEvent.query.primary({ recordId }), page, tableKeys, fromItem);
  },
};
