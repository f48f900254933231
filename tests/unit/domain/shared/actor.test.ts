import { describe, expect, it } from 'vitest';
import { type Actor, hasRole, isFulfiller, rolesFromGroups } from '../../../../functions/domain/shared/actor';

const actorWith = (groups: string[]): Actor => ({ id: 'u', username: 'u', roles: rolesFromGroups(groups) });

describe('rolesFromGroups', () => {
  it('makes every signed-in user a requester, also without groups', () => {
    expect(rolesFromGroups([])).toEqual(['requester']);
  });

  it('maps each Cognito group to its role', () => {
    expect(rolesFromGroups(['agents', 'change-managers', 'cab', 'admins']).sort()).toEqual(
      ['admin', 'agent', 'cab', 'change-manager', 'requester'].sort(),
    );
  });

  it('ignores groups it does not know and names each role once', () => {
    expect(rolesFromGroups(['agents', 'agents', 'marketing', 'requester', 'admin']).sort()).toEqual([
      'agent',
      'requester',
    ]);
  });
});

describe('isFulfiller', () => {
  it('lets agents and admins work the desk, and nobody else', () => {
    expect(isFulfiller(actorWith(['agents']))).toBe(true);
    expect(isFulfiller(actorWith(['admins']))).toBe(true);
    expect(isFulfiller(actorWith(['change-managers', 'cab']))).toBe(false);
    expect(isFulfiller(actorWith([]))).toBe(false);
  });

  it('agrees with hasRole', () => {
    const cab = actorWith(['cab']);
    expect(hasRole(cab, 'cab')).toBe(true);
    expect(hasRole(cab, 'agent', 'admin')).toBe(false);
  });
});
