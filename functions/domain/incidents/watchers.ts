/**
 * Watchers: people who follow an incident. A watch is its own item (never part of the incident item), so adding
 * or removing one does not change the incident's version. A requester who watches an incident sees it as its
 * requester does (record, public comments, public history, public comments POST) but may not close or reopen it.
 * Closed incidents can still be watched: watching changes nothing on the incident, and it is how a colleague
 * gets to read a finished incident's record.
 */
import * as z from 'zod/mini';
import type { Person } from '../people/ports';
import { type Actor, isFulfiller } from '../shared/actor';
import type { UserRef } from '../shared/audit';
import { eventBy, namedCallerRef, userRef } from '../shared/audit-trail';
import type { IdempotencyClaim } from '../shared/created';
import { ForbiddenError, NotFoundError, ValidationError } from '../shared/errors';
import type { Page } from '../shared/page';
import { confirmPerson, knownPerson, personCheck } from '../shared/references';
import { pageQuerySchema, reference } from '../shared/schemas';
import { parseWith } from '../shared/validation';
import { loadVisibleIncident, loadVisibleIncidentWithPerson } from './access';
import type { IncidentDeps } from './deps';
import type { WatchRepository } from './ports';
import { incidentRecord } from './subject';
import type { Watch, WatchAdded } from './watch';

export type { Watch, WatchAdded, WatchRepository };

export type WatchDeps = IncidentDeps & { readonly watches: WatchRepository };

export const addWatcherSchema = z.strictObject({
  userId: z.optional(reference),
  username: z.optional(reference),
});

/** `me` is the caller. */
export function userIdOf(value: string, actor: Actor): string {
  return value === 'me' ? actor.id : value;
}

/**
 * Adds a watcher: nobody named (empty body or `{}`) = the caller. Requesters may only add themselves, to an
 * incident they can see; agents and admins add anyone (`userId` + `username`) who is a known, active person.
 */
export async function addWatcher(
  idOrNumber: string,
  input: unknown,
  deps: WatchDeps,
  idempotency?: IdempotencyClaim,
): Promise<WatchAdded> {
  const cmd = parseWith(addWatcherSchema, input ?? {});
  const { actor, clock, watches } = deps;
  const userId = cmd.userId === undefined ? actor.id : userIdOf(cmd.userId, actor);
  const self = userId === actor.id;
  if (!self && cmd.username === undefined) {
    throw new ValidationError([{ path: 'username', message: 'Required when adding someone else' }]);
  }
  if (cmd.username !== undefined && cmd.userId === undefined) {
    throw new ValidationError([{ path: 'userId', message: 'Required with username' }]);
  }
  const { incident, person } = await loadVisibleIncidentWithPerson(idOrNumber, self ? undefined : userId, deps);
  if (!self && !isFulfiller(actor)) throw new ForbiddenError('add other people as watchers');

  const at = clock.now().toISOString();
  const checks = knownPerson({ id: userId, username: cmd.username }, 'userId', actor.id);
  const watcher = self ? await namedCallerRef(deps) : otherWatcher(userId, cmd.username as string, person);
  const watch: Watch = {
    recordId: incident.id,
    userId,
    username: watcher.username,
    name: watcher.name ?? watcher.username,
    addedAt: at,
    addedBy: actor.id,
  };
  const event = eventBy(deps, incidentRecord(incident), 'watcher_added', at, [
    { field: 'watcher', before: null, after: { id: watch.userId, username: watch.username } },
  ]);
  return watches.add(watch, event, checks, idempotency);
}

/**
 * Someone else as a watcher: named by id and username, which the write checks (422 UNKNOWN_USER); the display name
 * comes from the person read with the incident, which refuses early when it found nobody active under that name.
 */
function otherWatcher(id: string, username: string, read: Person | null | undefined): UserRef {
  if (read === undefined) return { id, username };
  return { id, username, name: confirmPerson(read ?? undefined, personCheck(id, 'userId', username)).name };
}

/** Removes a watcher (`me` = the caller): oneself, or anyone for agents and admins; 404 when not watching. */
export async function removeWatcher(idOrNumber: string, userIdParam: string, deps: WatchDeps): Promise<void> {
  const { actor, clock, watches } = deps;
  const userId = userIdOf(userIdParam, actor);
  const incident = await loadVisibleIncident(idOrNumber, deps);
  // Only well-formed user ids reach a key.
  if (!reference.safeParse(userId).success || userId !== userId.trim()) throw new NotFoundError('Watcher');
  if (userId !== actor.id && !isFulfiller(actor)) throw new ForbiddenError('remove other watchers');
  const at = clock.now().toISOString();
  const event = eventBy(deps, incidentRecord(incident), 'watcher_removed', at, [
    { field: 'watcher', before: userId === actor.id ? userRef(actor) : { id: userId }, after: null },
  ]);
  if (!(await watches.remove(incident.id, userId, event))) throw new NotFoundError('Watcher');
}

/** The watchers of an incident, for anyone who can see it: one Query per page (after the authorisation read). */
export async function listWatchers(idOrNumber: string, query: unknown, deps: WatchDeps): Promise<Page<Watch>> {
  const page = parseWith(pageQuerySchema, query);
  const incident = await loadVisibleIncident(idOrNumber, deps);
  return deps.watches.list(incident.id, page);
}
