/**
 * The one audit-event shape of every practice (the kernel). Every write that changes a record appends one of these in
 * the same transaction; the after-commit dispatcher derives every consequence (mail, domain events, workflow
 * starts) from these events as DynamoDB Streams delivers them.
 */

/** A person, as records refer to them: Cognito `sub` (or a person id for e-mail-only requesters) and username. */
export interface UserRef {
  readonly id: string;
  readonly username: string;
  /**
   * Display name ("Alice Archer"), stamped where a record names a person for people to read (requester, watchers);
   * absent on audit actors and on records written before the people directory.
   */
  readonly name?: string;
}

/** Who made a change: a person, or Nimbus itself (a routing rule, an SLA, a workflow) with the reason. */
export interface ChangeActor extends UserRef {
  /** Present only for automatic changes. */
  readonly system?: { readonly reason: string };
}

export interface FieldChange {
  readonly field: string;
  readonly before: unknown;
  readonly after: unknown;
}

export type SubjectValue = string | number | boolean | null;

export interface AuditEvent<A extends string = string> {
  /** ULID: unique, and ordered in time within a record. */
  readonly id: string;
  /** `incident`, `group`, `category`, `service`, `routing-rules`, … */
  readonly recordType: string;
  readonly recordId: string;
  readonly action: A;
  readonly actor: ChangeActor;
  readonly at: string;
  readonly changes: readonly FieldChange[];
  /** For comment events: whether requesters may see the event. */
  readonly visibility?: 'public' | 'internal';
  /**
   * The record as it stood right after this change — only the few fields its consequences need (number, title,
   * status, priority, group, assignee, requester…), so a consumer never reads a later version by mistake.
   */
  readonly subject?: Readonly<Record<string, SubjectValue>>;
}
