/** Turning a request's references (services, CIs, people) into what a change stores, and the planned window's rules. */
import type { UserRef } from '../shared/audit';
import { namedCallerRef } from '../shared/audit-trail';
import { BusinessRuleError, type FieldError, ValidationError } from '../shared/errors';
import { changeManagersGroupId } from './approval-rules';
import type { AffectedItem } from './change';
import type { ChangeDeps } from './deps';
import { maxChangeWindowDays } from './ports';

export type ServiceRef = { readonly id: string } | { readonly name: string };

/** `{ id }` must be an active business service of the taxonomy (its name is stored); `{ name }` is free text. */
export async function resolveServices(refs: readonly ServiceRef[], deps: ChangeDeps): Promise<AffectedItem[]> {
  return Promise.all(
    refs.map(async (ref, i): Promise<AffectedItem> => {
      if ('name' in ref) return { kind: 'service', name: ref.name };
      const service = deps.services ? await deps.services.getService(ref.id) : undefined;
      if (!service?.active) {
        const code = service ? 'RETIRED_SERVICE' : 'UNKNOWN_SERVICE';
        const message = service
          ? `The business service ${ref.id} is retired and cannot be chosen`
          : `There is no business service ${ref.id}`;
        throw new BusinessRuleError(code, message, [{ path: `services.${i}.id`, message }]);
      }
      return { kind: 'service', id: service.id, name: service.name };
    }),
  );
}

export function ciItems(refs: readonly { readonly name: string }[]): AffectedItem[] {
  return refs.map((ref) => ({ kind: 'ci', name: ref.name }));
}

/** A person a change names (implementer, change manager): the caller, or an active person of the directory. */
export async function resolvePerson(id: string, path: string, deps: ChangeDeps): Promise<UserRef> {
  if (id === deps.actor.id) return namedCallerRef(deps);
  const person = deps.people ? await deps.people.get(id) : undefined;
  if (!person?.active) {
    const message = `There is no active user ${id}`;
    throw new BusinessRuleError('UNKNOWN_USER', message, [{ path, message }]);
  }
  return { id: person.id, username: person.username, name: person.name };
}

/**
 * Why `person` cannot be a change's change manager (the field error a 422 names), or undefined when they can: only a
 * member of the Nimbus group `change-managers` — the group the approval workflow falls back to — runs a change.
 */
export function changeManagerRefusal(person: UserRef, isChangeManager: boolean): FieldError | undefined {
  if (isChangeManager) return undefined;
  const who = person.name ? `${person.name} (${person.username})` : person.username;
  return {
    path: 'changeManagerId',
    message: `${who} is not a change manager: only members of the ${changeManagersGroupId} group manage changes`,
  };
}

/**
 * The change manager a change names: an active person (422 UNKNOWN_USER) who is a member of the `change-managers`
 * group (422 NOT_A_CHANGE_MANAGER), both naming `changeManagerId`. The person and the membership are read in
 * parallel (two GetItems, one round trip).
 */
export async function resolveChangeManager(id: string, deps: ChangeDeps): Promise<UserRef> {
  const [person, member] = await Promise.all([
    resolvePerson(id, 'changeManagerId', deps),
    deps.groups.isMember(changeManagersGroupId, id),
  ]);
  const refusal = changeManagerRefusal(person, member);
  if (refusal) throw new BusinessRuleError('NOT_A_CHANGE_MANAGER', refusal.message, [refusal]);
  return person;
}

const dayMs = 24 * 3600 * 1000;

/** Start and end come together, the end after the start, at most `maxChangeWindowDays` apart (400 naming the field). */
export function checkWindow(start: string | undefined, end: string | undefined): void {
  if (start === undefined && end === undefined) return;
  if (start === undefined)
    throw new ValidationError([{ path: 'plannedStart', message: 'Give the start with the end' }]);
  if (end === undefined) throw new ValidationError([{ path: 'plannedEnd', message: 'Give the end with the start' }]);
  const span = Date.parse(end) - Date.parse(start);
  if (!(span > 0)) throw new ValidationError([{ path: 'plannedEnd', message: 'Must be after plannedStart' }]);
  if (span > maxChangeWindowDays * dayMs) {
    throw new ValidationError([
      { path: 'plannedEnd', message: `A planned window is at most ${maxChangeWindowDays} days long` },
    ]);
  }
}

/** ISO instants as the store keeps them (UTC, milliseconds), so they sort and compare as strings. */
export function utc(instant: string): string {
  return new Date(instant).toISOString();
}
