import { incidentDeps } from '../../compose/incidents';
import { bulkAction } from '../../domain/incidents/bulk';
import { addComment, getComment, getHistory, listComments } from '../../domain/incidents/comments';
import { createIncident } from '../../domain/incidents/create-incident';
import { getIncident } from '../../domain/incidents/get-incident';
import { addLink, listLinks, removeLink } from '../../domain/incidents/links';
import { listIncidents } from '../../domain/incidents/list-incidents';
import { postMajorUpdate, resolveChildren } from '../../domain/incidents/major-incidents';
import type { BulkItemResult } from '../../domain/incidents/per-item';
import { getQueue } from '../../domain/incidents/queues';
import { updateIncident } from '../../domain/incidents/update-incident';
import { addWatcher, listWatchers, removeWatcher } from '../../domain/incidents/watchers';
import { logger } from '../../shared/logger';
import { callerDeps } from '../kernel/caller';
import { idempotencyClaim } from '../kernel/idempotency';
import type { PracticeOperations } from '../kernel/practice-router';
import { problemBody } from '../kernel/problem';
import { etag, ifMatchVersion } from '../kernel/request';
import { created, multiStatus, noContent, ok, okRecord } from '../kernel/results';
import type { HttpRequest } from '../kernel/types';
import { incidentAttachmentOperations } from './attachment-operations';

const deps = (request: HttpRequest) => incidentDeps(callerDeps(request));

/** Per-item outcomes as the API shows them: failures become the problem+json a single request would get. */
function itemResults(results: readonly BulkItemResult[]) {
  return results.map((r) => {
    if (!('error' in r)) return r;
    if (r.status === 500)
      logger.error('Item of a multi-incident operation failed', { id: r.id, error: r.error.cause as Error });
    return { id: r.id, status: r.status, problem: problemBody(r.error) };
  });
}

/** 207 with one outcome per incident. */
function perItem<T extends { readonly results: readonly BulkItemResult[] }>(outcome: T) {
  return multiStatus({ ...outcome, results: itemResults(outcome.results) });
}

export const incidentOperations: PracticeOperations<'incidents'> = {
  ...incidentAttachmentOperations,

  async createIncident(request) {
    const { value, replayed } = await createIncident(request.body, deps(request), idempotencyClaim(request));
    return created(value, `/incidents/${value.id}`, { replayed, etag: etag(value.version) });
  },

  async getIncident(request) {
    return okRecord(await getIncident(request.params.id, deps(request)));
  },

  async listIncidents(request) {
    return ok(await listIncidents(request.query, deps(request)));
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
    return okRecord(updated, offer);
  },

  async addComment(request) {
    const { value, replayed } = await addComment(
      request.params.id,
      request.body,
      deps(request),
      idempotencyClaim(request),
    );
    return created(value, `/incidents/${value.incidentId}/comments/${value.id}`, { replayed });
  },

  async getComment(request) {
    return ok(await getComment(request.params.id, request.params.commentId, deps(request)));
  },

  async listComments(request) {
    return ok(await listComments(request.params.id, request.query, deps(request)));
  },

  async getQueue(request) {
    return ok(await getQueue(request.params.groupId, request.query, deps(request)));
  },

  async bulkIncidentAction(request) {
    return perItem(await bulkAction(request.body, deps(request), idempotencyClaim(request)));
  },

  async postMajorUpdate(request) {
    const posted = await postMajorUpdate(request.params.id, request.body, deps(request), idempotencyClaim(request));
    const { update, replayed } = posted;
    return created(
      { ...posted, children: itemResults(posted.children) },
      `/incidents/${update.incidentId}/comments/${update.id}`,
      { replayed },
    );
  },

  async resolveChildren(request) {
    return perItem(await resolveChildren(request.params.id, deps(request)));
  },

  async getHistory(request) {
    return ok(await getHistory(request.params.id, request.query, deps(request)));
  },

  async addWatcher(request) {
    const added = await addWatcher(request.params.id, request.body, deps(request), idempotencyClaim(request));
    const { value, replayed } = added;
    const location = `/incidents/${value.recordId}/watchers/${encodeURIComponent(value.userId)}`;
    // An existing watch is answered 200 without a Location.
    return created(value, added.created ? location : undefined, { replayed, existed: !added.created });
  },

  async listWatchers(request) {
    return ok(await listWatchers(request.params.id, request.query, deps(request)));
  },

  async removeWatcher(request) {
    await removeWatcher(request.params.id, request.params.userId, deps(request));
    return noContent();
  },

  async addLink(request) {
    const { value, replayed } = await addLink(
      request.params.id,
      request.body,
      deps(request),
      idempotencyClaim(request),
    );
    return created(value, `/incidents/${value.recordId}/links/${value.targetId}`, { replayed });
  },

  async listLinks(request) {
    return ok(await listLinks(request.params.id, request.query, deps(request)));
  },

  async removeLink(request) {
    await removeLink(request.params.id, request.params.targetId, deps(request));
    return noContent();
  },
};
