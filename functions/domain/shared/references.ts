/**
 * References a write must find valid at the moment it commits: checked inside the write's own transaction (so a
 * concurrent retire or membership removal cannot slip in between), reported back by the store as which check failed
 * and whether the item existed, and turned into errors here — the codes and messages belong to the domain.
 */
import { BusinessRuleError, type FieldError } from './errors';

/** `path` is the request field the reference came from; the 422 names it. */
export type ReferenceCheck =
  | { readonly kind: 'group' | 'category' | 'service'; readonly id: string; readonly path: string }
  /** A business calendar that exists (calendars are never retired). */
  | { readonly kind: 'calendar'; readonly id: string; readonly path: string }
  | { readonly kind: 'member'; readonly groupId: string; readonly userId: string; readonly path: string }
  /** A known, active person of the directory — with this username, when the request named one. */
  | { readonly kind: 'person'; readonly id: string; readonly username?: string; readonly path: string };

export type PersonCheck = Extract<ReferenceCheck, { kind: 'person' }>;

/** A check the transaction found false: the item was absent (`existed: false`) or not as required (retired). */
export interface FailedCheck {
  readonly check: ReferenceCheck;
  readonly existed: boolean;
}

const label = {
  group: 'assignment group',
  category: 'category',
  service: 'business service',
  calendar: 'business calendar',
} as const;

interface Refusal extends FieldError {
  readonly code: string;
}

function refusal({ check, existed }: FailedCheck): Refusal {
  if (check.kind === 'person') return unknownUser(check, existed);
  if (check.kind === 'member') {
    return {
      code: 'ASSIGNEE_NOT_IN_GROUP',
      path: check.path,
      message: `${check.userId} is not a member of the assignment group ${check.groupId}`,
    };
  }
  const kind = check.kind.toUpperCase();
  return existed
    ? {
        code: `RETIRED_${kind}`,
        path: check.path,
        message: `The ${label[check.kind]} ${check.id} is retired and cannot be chosen`,
      }
    : { code: `UNKNOWN_${kind}`, path: check.path, message: `There is no ${label[check.kind]} ${check.id}` };
}

/**
 * The 422 for references that failed: `UNKNOWN_GROUP` / `RETIRED_GROUP` (and likewise for categories and services),
 * `ASSIGNEE_NOT_IN_GROUP`, `UNKNOWN_USER` (no such person, deactivated, or not under that username), or `INVALID_REFERENCES` when several did; each failed field is named in `errors`.
 */
export function referenceError(failed: readonly FailedCheck[]): BusinessRuleError {
  if (failed.length === 0) throw new Error('referenceError needs at least one failed check');
  const refusals = failed.map(refusal);
  const code = refusals.length === 1 ? refusals[0].code : 'INVALID_REFERENCES';
  return new BusinessRuleError(
    code,
    refusals.map((r) => r.message).join('; '),
    refusals.map(({ path, message }) => ({ path, message })),
  );
}

function unknownUser(check: PersonCheck, existed: boolean): Refusal {
  const named = check.username === undefined ? check.id : `${check.id} (${check.username})`;
  const message = !existed
    ? `There is no person ${check.id} in the people directory`
    : check.username === undefined
      ? `The person ${check.id} is deactivated and cannot be chosen`
      : `${named} is not an active person of the directory: deactivated, or the username is not theirs`;
  return { code: 'UNKNOWN_USER', path: check.path, message };
}

/** The check that the group `id`, named in the request field `path`, exists and is active. */
export function activeGroup(id: string, path: string): ReferenceCheck {
  return { kind: 'group', id, path };
}

/**
 * The check that the user `id` (with `username` when the request named one), from the request field `path`, is a
 * known, active person — none for the caller: they are signed in, and the request's refresh creates or refreshes
 * their person alongside the operation (checking them would race a brand-new user's first request into a 422).
 */
export function knownPerson(
  ref: { readonly id: string; readonly username?: string },
  path: string,
  callerId: string,
): ReferenceCheck[] {
  return ref.id === callerId ? [] : [personCheck(ref.id, path, ref.username)];
}

/**
 * The person `check` names, as a read found them (undefined: not found): a use case that reads the person anyway (for
 * the display name it stamps) refuses early with the answer the write's ConditionCheck would give.
 */
export function confirmPerson<P extends { readonly active: boolean; readonly username: string }>(
  found: P | undefined,
  check: PersonCheck,
): P {
  if (!found) throw referenceError([{ check, existed: false }]);
  const otherName = check.username !== undefined && check.username !== found.username;
  if (!found.active || otherName) throw referenceError([{ check, existed: true }]);
  return found;
}

/** The person check of `id` from the request field `path`. */
export function personCheck(id: string, path: string, username?: string): PersonCheck {
  return { kind: 'person', id, ...(username === undefined ? {} : { username }), path };
}
