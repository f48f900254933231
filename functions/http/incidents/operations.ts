import { monotonicFactory } from 'ulid';
import type { Actor } from '../../domain/actor';
import { systemClock } from '../../domain/clock';
import { bulkAction } from '../../domain/incidents/bulk';
import { addComment, getComment, getHistory, listComments } from '../../domain/incidents/comments';
import { createIncident } from '../../domain/incidents/create-incident';
import type { IncidentDeps } from '../../domain/incidents/deps';
import { getIncident } from '../../domain/incidents/get-incident';
import type { Incident } from '../../domain/incidents/incident';
import { addLink, listLinks, removeLink } from '../../domain/incidents/links';
import { listIncidents } from '../../domain/incidents/list-incidents';
import { postMajorUpdate, resolveChildren } from '../../domain/incidents/major-incidents';
import type { BulkItemResult } from '../../domain/incidents/per-item';
import { getQueue } from '../../domain/incidents/queues';
import { updateIncident } from '../../domain/incidents/update-incident';
import { addWatcher, listWatchers, removeWatcher } from '../../domain/incidents/watchers';
import { logger } from '../../shared/logger';
import { incidentRepository } from '../../store/incident-repository';
import { linkRepository } from '../../store/link-repository';
import { queueRepository } from '../../store/queue-repository';
import { rulesetReader } from '../../store/routing-repository';
import { watchRepository } from '../../store/watch-repository';
import { idempotencyClaim, replayedHeader } from '../kernel/idempotency';
import { problemBody } from '../kernel/problem';
import { etag, ifMatchVersion } from '../kernel/request';
import type { HttpRequest, HttpResult, OperationHandler } from '../kernel/types';

/** Monotonic within a process, so records created in the same millisecond keep their order. */
const ulid = monotonicFactory();
const ids = { next: () => ulid() };

function deps(request: HttpRequest) {
  return {
    actor: request.actor as Actor,
    incidents: incidentRepository,
    rules: rulesetReader,
    clock: systemClock,
    ids,
    watches: watchRepository,
    links: linkRepository,
  } satisfies IncidentDeps;
}

/** Per-item outcomes as the API shows them: failures become the problem+json a single request would get. */
function itemResults(results: readonly BulkItemResult[]) {
  return results.map((r) => {
    if (!('error' in r)) return r;
    if (r.status === 500)
      logger.error('Item of a multi-incident operation failed', { id: r.id, error: r.error.cause as Error });
    return { id: r.id, status: r.status, problem: problemBody(r.error) };
  });
}

function incidentResult(status: number, incident: Incident, extra: Record<string, string> = {}): HttpResult {
  return { status, body: incident, headers: { etag: etag(incident.version), ...extra } };
}

export const incidentOperations: Record<string, OperationHandler> = {
  async createIncident(request) {
    const { value, replayed } = await createIncident(request.body, deps(request), idempotencyClaim(request));
    return incidentResult(201, value, { location: `/incidents/${value.id}`, ...(replayed ? replayedHeader : {}) });
  },

  async getIncident(request) {
    return incidentResult(200, await getIncident(request.params.id, deps(request)));
  },

  async listIncidents(request) {
    return { status: 200, body: await listIncidents(request.query, deps(request)) };
  },

  async updateIncident(request) {
    const updated = await updateIncident(
      request.params.id,
      ifMatchVersion(request.headers),
      request.body,
      deps(request),
    );
    // Resolving a major incident offers the next step: resolve its children with the same resolution.
    const offer: Record<string, string> =
      updated.major && updated.status === 'resolved'
        ? { link: `</incidents/${updated.id}/resolve-children>; rel="resolve-children"` }
        : {};
    return incidentResult(200, updated, offer);
  },

  async addComment(request) {
    const { value, replayed } = await addComment(
      request.params.id,
      request.body,
      deps(request),
      idempotencyClaim(request),
    );
    return {
      status: 201,
      body: value,
      headers: { location: `/incidents/${value.incidentId}/comments/${value.id}`, ...(replayed ? replayedHeader : {}) },
    };
  },

  async getComment(request) {
    return { status: 200, body: await getComment(request.params.id, request.params.commentId, deps(request)) };
  },

  async listComments(request) {
    return { status: 200, body: await listComments(request.params.id, request.query, deps(request)) };
  },

  async getQueue(request) {
    const queue = await getQueue(request.params.groupId, request.query, { ...deps(request), queues: queueRepository });
    return { status: 200, body: queue };
  },

  async bulkIncidentAction(request) {
    const outcome = await bulkAction(request.body, deps(request), idempotencyClaim(request));
    return { status: 207, body: { ...outcome, results: itemResults(outcome.results) } };
  },

  async postMajorUpdate(request) {
    const posted = await postMajorUpdate(request.params.id, request.body, deps(request), idempotencyClaim(request));
    const { update } = posted;
    return {
      status: 201,
      body: { ...posted, children: itemResults(posted.children) },
      headers: {
        location: `/incidents/${update.incidentId}/comments/${update.id}`,
        ...(posted.replayed ? replayedHeader : {}),
      },
    };
  },

  async resolveChildren(request) {
    const outcome = await resolveChildren(request.params.id, deps(request));
    return { status: 207, body: { ...outcome, results: itemResults(outcome.results) } };
  },

  async getHistory(request) {
    return { status: 200, body: await getHistory(request.params.id, request.query, deps(request)) };
  },

  async addWatcher(request) {
    const { value, created, replayed } = await addWatcher(
      request.params.id,
      request.body,
      deps(request),
      idempotencyClaim(request),
    );
    return {
      status: created ? 201 : 200,
      body: value,
      headers: {
        ...(created ? { location: `/incidents/${value.recordId}/watchers/${encodeURIComponent(value.userId)}` } : {}),
        ...(replayed ? replayedHeader : {}),
      },
    };
  },

  async listWatchers(request) {
    return { status: 200, body: await listWatchers(request.params.id, request.query, deps(request)) };
  },

  async removeWatcher(request) {
    await removeWatcher(request.params.id, request.params.userId, deps(request));
    return { status: 204 };
  },

  async addLink(request) {
    const { value, replayed } = await addLink(
      request.params.id,
      request.body,
      deps(request),
      idempotencyClaim(request),
    );
    return {
      status: 201,
      body: value,
      headers: {
        location: `/incidents/${value.recordId}/links/${value.targetId}`,
        ...(replayed ? replayedHeader : {}),
      },
    };
  },

  async listLinks(request) {
    return { status: 200, body: await listLinks(request.params.id, request.query, deps(request)) };
  },

  async removeLink(request) {
    await removeLink(request.params.id, request.params.targetId, deps(request));
    return { status: 204 };
  },
};
