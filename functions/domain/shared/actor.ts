import { ForbiddenError } from './errors';

export type Role = 'requester' | 'agent' | 'change-manager' | 'cab' | 'admin';

/** The authenticated caller, as the identity provider (Cognito, or the local issuer) describes them. */
export interface Actor {
  /** Stable subject id (Cognito `sub`). */
  readonly id: string;
  readonly username: string;
  readonly email?: string;
  readonly name?: string;
  readonly roles: readonly Role[];
  /** Present only on the system actor: Nimbus itself changing a record, and why. */
  readonly system?: { readonly reason: string };
}

/** The id and username every automatic change is recorded under. */
export const systemActorId = 'system';
export const systemActorUsername = 'nimbus';

/**
 * Nimbus itself, for changes nobody made by hand: a routing rule, an SLA breach, a workflow step. Its audit entries
 * show `actor: { id: 'system', username: 'nimbus', system: { reason } }`, e.g. reason `routing rule "Network outages"`,
 * `SLA`, `workflow change-approval`. It holds every desk role: what it may do is decided by the code that runs it.
 */
export function systemActor(reason: string): Actor {
  if (reason.trim().length === 0) throw new Error('A system actor needs the reason for its change');
  return {
    id: systemActorId,
    username: systemActorUsername,
    roles: ['requester', 'agent', 'admin'],
    system: { reason },
  };
}

export function isSystemActor(actor: Pick<Actor, 'system'>): boolean {
  return actor.system !== undefined;
}

/** Cognito user pool group → role. Every signed-in user is also a requester. */
export const roleByGroup: Readonly<Record<string, Role>> = {
  agents: 'agent',
  'change-managers': 'change-manager',
  cab: 'cab',
  admins: 'admin',
};

export function rolesFromGroups(groups: readonly string[]): Role[] {
  const roles = new Set<Role>(['requester']);
  for (const group of groups) {
    const role = roleByGroup[group];
    if (role) roles.add(role);
  }
  return [...roles];
}

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return roles.some((role) => actor.roles.includes(role));
}

/** Agents and admins work the desk; everyone else is a requester only. */
export function isFulfiller(actor: Actor): boolean {
  return hasRole(actor, 'agent', 'admin');
}

/** Groups, reference data and routing rules are admin-managed: the route table says so, the domain checks again. */
export function requireAdmin(actor: Actor, action: string): void {
  if (!hasRole(actor, 'admin')) throw new ForbiddenError(action);
}
