import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { changeManagersGroupId } from '../../../../functions/domain/changes/approval-rules';
import { createChange } from '../../../../functions/domain/changes/create-change';
import type { ChangeDeps } from '../../../../functions/domain/changes/deps';
import { changeManagerRefusal, resolveChangeManager } from '../../../../functions/domain/changes/references';
import type { Person } from '../../../../functions/domain/people/ports';
import type { Actor } from '../../../../functions/domain/shared/actor';
import { fixedClock } from '../../../../functions/domain/shared/clock';

const person = (id: string, active = true): Person => ({
  id,
  username: id,
  name: `${id[0]?.toUpperCase()}${id.slice(1)} Doe`,
  source: 'user',
  active,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});
const directory = new Map([
  ['dave', person('dave')],
  ['bob', person('bob')],
  ['gone', person('gone', false)],
]);
const managers = new Set(['dave', 'gone', 'alice']);
const alice: Actor = { id: 'alice', username: 'alice', name: 'Alice Archer', roles: ['requester'] };

function deps(actor: Actor = alice) {
  const created = vi.fn();
  const next = vi.fn(async () => 1001);
  const isMember = vi.fn(
    async (groupId: string, userId: string) => groupId === changeManagersGroupId && managers.has(userId),
  );
  const d = {
    actor,
    clock: fixedClock('2026-12-02T10:00:00.000Z'),
    ids: { next: () => '01JNC2A7M4Q8T1W5Z9C3F6H0KB' },
    sequences: { next },
    changes: { create: created },
    people: { get: async (id: string) => directory.get(id) },
    groups: { isMember },
  } as unknown as ChangeDeps;
  return { d, created, next, isMember };
}

const normal = (changeManagerId: string) => ({
  type: 'normal',
  title: 'Upgrade the mail gateway',
  description: 'Security release',
  implementationPlan: 'Drain, upgrade, undrain',
  backoutPlan: 'Restore the snapshot',
  testPlan: 'Send a test mail',
  changeManagerId,
});

describe('the change manager rule', () => {
  it('accepts a member of the change-managers group and refuses anyone else, naming changeManagerId', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.option(fc.string()), fc.boolean(), (username, name, member) => {
        const refusal = changeManagerRefusal({ id: 'u', username, ...(name ? { name } : {}) }, member);
        if (member) expect(refusal).toBeUndefined();
        else {
          expect(refusal?.path).toBe('changeManagerId');
          expect(refusal?.message).toContain(username);
          expect(refusal?.message).toContain('change-managers');
        }
      }),
    );
  });

  it('resolves a member to their reference, checking the change-managers group', async () => {
    const { d, isMember } = deps();
    await expect(resolveChangeManager('dave', d)).resolves.toEqual({ id: 'dave', username: 'dave', name: 'Dave Doe' });
    expect(isMember).toHaveBeenCalledWith('change-managers', 'dave');
  });

  it('refuses an active person who is not a change manager: 422 NOT_A_CHANGE_MANAGER naming the field', async () => {
    const { d } = deps();
    await expect(resolveChangeManager('bob', d)).rejects.toMatchObject({
      status: 422,
      code: 'NOT_A_CHANGE_MANAGER',
      message: expect.stringContaining('Bob Doe (bob) is not a change manager'),
      errors: [{ path: 'changeManagerId', message: expect.stringContaining('change-managers') }],
    });
  });

  it('an unknown or inactive person stays UNKNOWN_USER, even in the group', async () => {
    const { d } = deps();
    for (const id of ['nobody', 'gone']) {
      await expect(resolveChangeManager(id, d)).rejects.toMatchObject({
        status: 422,
        code: 'UNKNOWN_USER',
        errors: [{ path: 'changeManagerId' }],
      });
    }
  });

  it('the caller naming themselves must be a change manager too', async () => {
    const { d } = deps();
    await expect(resolveChangeManager('alice', d)).resolves.toMatchObject({ id: 'alice', name: 'Alice Archer' });
    const bob: Actor = { id: 'bob', username: 'bob', roles: ['requester', 'agent'] };
    await expect(resolveChangeManager('bob', deps(bob).d)).rejects.toMatchObject({ code: 'NOT_A_CHANGE_MANAGER' });
  });

  it('a create naming someone who is not a change manager writes nothing, not even a CHG number', async () => {
    const { d, created, next } = deps();
    await expect(createChange(normal('bob'), d)).rejects.toMatchObject({ code: 'NOT_A_CHANGE_MANAGER' });
    expect(next).not.toHaveBeenCalled();
    expect(created).not.toHaveBeenCalled();
  });

  it('a create naming a change manager stores them', async () => {
    const { d, created } = deps();
    created.mockImplementation(async ({ change }) => ({ value: change, replayed: false }));
    const { value } = await createChange(normal('dave'), d);
    expect(value.changeManager).toEqual({ id: 'dave', username: 'dave', name: 'Dave Doe' });
    expect(value.number).toBe('CHG0001001');
  });
});
