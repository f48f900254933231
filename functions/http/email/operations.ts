import { quarantineDeps } from '../../compose/email';
import { getQuarantine, listQuarantine, releaseQuarantine, reprocessMessage } from '../../domain/email/quarantine';
import { callerDeps } from '../kernel/caller';
import type { PracticeOperations } from '../kernel/practice-router';
import { ifMatchVersion } from '../kernel/request';
import { ok, okRecord } from '../kernel/results';
import type { HttpRequest } from '../kernel/types';

const deps = (request: HttpRequest) => quarantineDeps(callerDeps(request));

export const emailOperations: PracticeOperations<'email'> = {
  async listQuarantine(request) {
    return ok(await listQuarantine(request.query, deps(request)));
  },

  async getQuarantine(request) {
    return okRecord(await getQuarantine(request.params.id, deps(request)));
  },

  async releaseQuarantine(request) {
    const expected = ifMatchVersion(request.headers);
    return okRecord(await releaseQuarantine(request.params.id, expected, deps(request)));
  },

  async reprocessMessage(request) {
    return ok(await reprocessMessage(request.body, deps(request)));
  },
};
