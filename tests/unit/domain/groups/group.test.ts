import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyGroupChanges,
  diffGroup,
  escalationChecks,
  type Group,
  groupRecordId,
} from '../../../../functions/domain/groups/group';
import { slugPattern } from '../../../../functions/domain/shared/ids';
import { aGroup } from '../../support/groups';

describe('group ids (slugs)', () => {
  it.each(['service-desk', 'network', 'l2', 'a1-b2-c3'])('accepts %s', (id) => {
    expect(slugPattern.test(id)).toBe(true);
  });

  it.each(['a', '-desk', 'desk-', 'Service-Desk', 'desk_2', 'desk 2', 'dé', 'x'.repeat(64)])('refuses %j', (id) => {
    expect(slugPattern.test(id)).toBe(false);
  });

  it('keeps group audit events apart from incident record ids', () => {
    expect(groupRecordId('network')).toBe('group:network');
  });
});

describe('applyGroupChanges', () => {
  it('sets what is sent and leaves the rest, never the id', () => {
    const current = aGroup({ description: 'First line', escalationGroup: 'second-line' });
    const next = applyGroupChanges(current, { name: 'Desk', manager: { id: 'u-2', username: 'carol' } });
    expect(next).toEqual({ ...current, name: 'Desk', manager: { id: 'u-2', username: 'carol' } });
  });

  it('clears optional fields with null', () => {
    const next = applyGroupChanges(aGroup({ description: 'x', escalationGroup: 'l2' }), {
      description: null,
      escalationGroup: null,
    });
    expect(next).not.toHaveProperty('description');
    expect(next).not.toHaveProperty('escalationGroup');
  });

  it('retires and reactivates', () => {
    expect(applyGroupChanges(aGroup(), { active: false }).active).toBe(false);
    expect(applyGroupChanges(aGroup({ active: false }), { active: true }).active).toBe(true);
  });
});

describe('diffGroup', () => {
  it('records every audited field on creation', () => {
    const group = aGroup({ description: 'd' });
    expect(diffGroup(undefined, group)).toEqual([
      { field: 'name', before: null, after: 'Service Desk' },
      { field: 'description', before: null, after: 'd' },
      { field: 'manager', before: null, after: { id: 'user-bob', username: 'bob' } },
      { field: 'active', before: null, after: true },
    ]);
  });

  it('compares the manager by value, not by reference', () => {
    const current = aGroup();
    expect(diffGroup(current, { ...current, manager: { ...current.manager } })).toEqual([]);
  });

  it('is empty exactly when nothing audited changed (property)', () => {
    const changes = fc.record(
      {
        name: fc.constantFrom('Service Desk', 'Desk'),
        description: fc.constantFrom(null, 'a', 'b'),
        escalationGroup: fc.constantFrom(null, 'l2', 'l3'),
        active: fc.boolean(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(changes, (c) => {
        const current = aGroup({ description: 'a', escalationGroup: 'l2' });
        const next = applyGroupChanges(current, c);
        const diff = diffGroup(current, next);
        expect(diff.length === 0).toBe(JSON.stringify(next) === JSON.stringify(current));
        for (const change of diff) expect(change.before).not.toEqual(change.after);
      }),
    );
  });
});

/** The group an escalation check names (undefined when nothing is checked). */
const escalationToCheck = (current: Group | undefined, next: Group) => {
  const [check] = escalationChecks(current, next);
  return check?.kind === 'group' ? check.id : undefined;
};

describe('escalationChecks', () => {
  it('checks the group as the escalationGroup field, for UNKNOWN_GROUP / RETIRED_GROUP naming it', () => {
    expect(escalationChecks(undefined, aGroup({ escalationGroup: 'l2' }))).toEqual([
      { kind: 'group', id: 'l2', path: 'escalationGroup' },
    ]);
  });

  it('checks a new escalation group, on create or when it changes', () => {
    expect(escalationToCheck(undefined, aGroup({ escalationGroup: 'l2' }))).toBe('l2');
    expect(escalationToCheck(aGroup({ escalationGroup: 'l2' }), aGroup({ escalationGroup: 'l3' }))).toBe('l3');
    expect(escalationToCheck(aGroup(), aGroup({ escalationGroup: 'l2' }))).toBe('l2');
  });

  it('does not re-check an unchanged one on other edits, nor a cleared one', () => {
    expect(escalationToCheck(aGroup({ escalationGroup: 'l2' }), aGroup({ escalationGroup: 'l2', name: 'x' }))).toBe(
      undefined,
    );
    expect(escalationToCheck(aGroup({ escalationGroup: 'l2' }), aGroup())).toBeUndefined();
    expect(escalationToCheck(undefined, aGroup())).toBeUndefined();
  });

  it('re-checks it when a retired group is reactivated', () => {
    const retired = aGroup({ escalationGroup: 'l2', active: false });
    expect(escalationToCheck(retired, { ...retired, active: true })).toBe('l2');
    expect(escalationToCheck(aGroup({ escalationGroup: 'l2' }), { ...retired })).toBeUndefined();
  });
});
