/** Building audit events (the one shape in audit.ts): who made a change, on which record, what changed. */
import type { Actor } from './actor';
import type { AuditEvent, ChangeActor, FieldChange, SubjectValue, UserRef } from './audit';
import type { CallerDeps } from './caller';

/** A record as its audit events name it; `subject` is the few fields its consequences need, after the change. */
export interface AuditedRecord {
  readonly recordType: string;
  readonly recordId: string;
  readonly subject?: Readonly<Record<string, SubjectValue>>;
}

/** A person as records refer to them. */
export function userRef(actor: Actor): UserRef {
  return { id: actor.id, username: actor.username };
}

/**
 * A person named in a request, as a record stores them: the caller is stored under their token's username (they are
 * not checked against the directory, see `knownPerson`); anyone else as named, which the write checks.
 */
export function personRef(ref: UserRef, actor: Actor): UserRef {
  return ref.id === actor.id ? userRef(actor) : { id: ref.id, username: ref.username };
}

/**
 * The caller as a record names them for people to read, with their display name: the token's `name` claim, else the
 * people directory's (the request's refresh has read it), else the username.
 */
export async function namedCallerRef(deps: Pick<CallerDeps, 'actor' | 'callerPerson'>): Promise<UserRef> {
  const { actor } = deps;
  const claimed = actor.name?.trim().replace(/\s+/g, ' ');
  const name = claimed || (await deps.callerPerson?.())?.name || actor.username;
  return { ...userRef(actor), name };
}

/** Who made a change, as the audit trail shows it: the person, or Nimbus with its reason. */
export function actorRef(actor: Actor): ChangeActor {
  return actor.system ? { ...userRef(actor), system: { reason: actor.system.reason } } : userRef(actor);
}

/** An audit event of `record` by the caller, with a fresh id. */
export function eventBy<A extends string, R extends AuditedRecord>(
  { actor, ids }: Pick<CallerDeps, 'actor' | 'ids'>,
  record: R,
  action: A,
  at: string,
  changes: readonly FieldChange[],
): AuditEvent<A> & R {
  return { ...record, id: ids.next(), action, actor: actorRef(actor), at, changes };
}

/** Before/after of each listed field that differs (`null` for absent; compared as JSON, so lists and objects diff by value). */
export function diffFields<T extends object>(
  before: T | undefined,
  after: T,
  fields: readonly (keyof T & string)[],
  prefix = '',
): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of fields) {
    const was = before?.[field] ?? null;
    const now = after[field] ?? null;
    if (JSON.stringify(was) !== JSON.stringify(now))
      changes.push({ field: `${prefix}${field}`, before: was, after: now });
  }
  return changes;
}
