import { adminDeps } from '../../compose/admin';
import {
  addSuppression,
  getSuppression,
  listSuppressions,
  removeSuppression,
} from '../../domain/notifications/suppressions';
import { getDeadLetter, listDeadLetters, redriveDeadLetter } from '../../domain/operations/dead-letters';
import { callerDeps } from '../kernel/caller';
import { idempotencyClaim } from '../kernel/idempotency';
import type { PracticeOperations } from '../kernel/practice-router';
import { accepted, created, noContent, ok } from '../kernel/results';
import type { HttpRequest } from '../kernel/types';

const deps = (request: HttpRequest) => adminDeps(callerDeps(request));

const deadLetterPath = (id: string) => `/dead-letters/${encodeURIComponent(id)}`;
const suppressionPath = (address: string) => `/suppressions/${encodeURIComponent(address)}`;

export const adminOperations: PracticeOperations<'admin'> = {
  async listDeadLetters(request) {
    return ok(await listDeadLetters(request.query, deps(request)));
  },

  async getDeadLetter(request) {
    return ok(await getDeadLetter(request.params.id, deps(request)));
  },

  /** 202: the dispatcher performs the redrive after this commits; the Location shows how it went. */
  async redriveDeadLetter(request) {
    const { value, replayed } = await redriveDeadLetter(request.params.id, deps(request), idempotencyClaim(request));
    return accepted(value, deadLetterPath(value.id), { replayed });
  },

  async listSuppressions(request) {
    return ok(await listSuppressions(request.query, deps(request)));
  },

  async addSuppression(request) {
    const added = await addSuppression(request.body, deps(request), idempotencyClaim(request));
    const { value, replayed } = added;
    return created(value, suppressionPath(value.address), { replayed, existed: !added.created });
  },

  async getSuppression(request) {
    return ok(await getSuppression(request.params.address, deps(request)));
  },

  async removeSuppression(request) {
    await removeSuppression(request.params.address, deps(request));
    return noContent();
  },
};
