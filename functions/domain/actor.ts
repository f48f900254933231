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
