import { peopleDeps, userSource } from '../../compose/people';
import { getPerson } from '../../domain/people/get-person';
import { searchPeople } from '../../domain/people/search-people';
import { syncPeople } from '../../domain/people/sync-people';
import { callerDeps } from '../kernel/caller';
import type { PracticeOperations } from '../kernel/practice-router';
import { ok } from '../kernel/results';
import type { HttpRequest } from '../kernel/types';

const deps = (request: HttpRequest) => peopleDeps(callerDeps(request));

export const peopleOperations: PracticeOperations<'people'> = {
  async searchPeople(request) {
    return ok(await searchPeople(request.query, deps(request)));
  },

  async getPerson(request) {
    return ok(await getPerson(request.params.id, deps(request)));
  },

  // Idempotent in effect: a retry (with or without Idempotency-Key) writes only what the first run left different.
  async syncPeople(request) {
    return ok(await syncPeople(userSource(), deps(request)));
  },
};
