/** Pure-domain test doubles for the group use cases: an in-memory repository that counts its calls. */

import {
  type Group,
  groupExistsError,
  groupRetiredError,
  type Membership,
} from '../../../functions/domain/groups/group';
import type { GroupAuditEvent, GroupDeps, GroupRepository, MemberAdded } from '../../../functions/domain/groups/ports';
import type { Actor } from '../../../functions/domain/shared/actor';
import { fixedClock } from '../../../functions/domain/shared/clock';
import type { IdempotencyClaim } from '../../../functions/domain/shared/created';
import { NotFoundError, PreconditionFailedError } from '../../../functions/domain/shared/errors';
import type { Page, PageRequest } from '../../../functions/domain/shared/page';
import { type ReferenceCheck, referenceError } from '../../../functions/domain/shared/references';

export const now = '2025-03-04T10:00:00.000Z';

export function aGroup(overrides: Partial<Group> = {}): Group {
  return {
    id: 'service-desk',
    name: 'Service Desk',
    manager: { id: 'user-bob', username: 'bob' },
    active: true,
    createdAt: '2025-03-01T09:00:00.000Z',
    updatedAt: '2025-03-01T09:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

/** Honours the same conditions as the DynamoDB transactions, so use cases can be tested without a table. */
export class InMemoryGroupRepository implements GroupRepository {
  readonly groups = new Map<string, Group>();
  readonly memberships = new Map<string, Membership>();
  readonly events: GroupAuditEvent[] = [];
  readonly calls: string[] = [];
  readonly escalationChecks: (string | undefined)[] = [];
  readonly claims: (IdempotencyClaim | undefined)[] = [];

  constructor(...seed: Group[]) {
    for (const group of seed) this.groups.set(group.id, group);
  }

  /** Each group check as the transaction runs it: the group exists and is active. */
  private checkEscalation(checks: readonly ReferenceCheck[]) {
    const ids = checks.flatMap((check) => (check.kind === 'group' ? [check.id] : []));
    this.escalationChecks.push(...(ids.length ? ids : [undefined]));
    const failed = checks.flatMap((check) => {
      if (check.kind !== 'group') return [];
      const target = this.groups.get(check.id);
      return target?.active ? [] : [{ check, existed: target !== undefined }];
    });
    if (failed.length) throw referenceError(failed);
  }

  async create(
    group: Group,
    event: GroupAuditEvent,
    checkEscalation: readonly ReferenceCheck[],
    idempotency?: IdempotencyClaim,
  ) {
    this.calls.push('create');
    this.claims.push(idempotency);
    if (this.groups.has(group.id)) throw groupExistsError(group.id);
    this.checkEscalation(checkEscalation);
    this.groups.set(group.id, group);
    this.events.push(event);
    return { value: group, replayed: false };
  }

  async get(id: string) {
    this.calls.push('get');
    return this.groups.get(id);
  }

  async list(page: PageRequest): Promise<Page<Group>> {
    this.calls.push('list');
    return { items: [...this.groups.values()].slice(0, page.limit), nextCursor: null };
  }

  async update(
    next: Group,
    expectedVersion: number,
    event: GroupAuditEvent,
    checkEscalation: readonly ReferenceCheck[],
  ) {
    this.calls.push('update');
    const stored = this.groups.get(next.id);
    if (!stored || stored.version !== expectedVersion) {
      throw new PreconditionFailedError('Group', expectedVersion, stored?.version);
    }
    this.checkEscalation(checkEscalation);
    this.groups.set(next.id, next);
    this.events.push(event);
    return next;
  }

  async isMember(groupId: string, userId: string) {
    return (await this.getMembership(groupId, userId)) !== undefined;
  }

  async getMembership(groupId: string, userId: string) {
    this.calls.push('getMembership');
    return this.memberships.get(`${groupId}/${userId}`);
  }

  async groupsOf(userId: string, page: PageRequest): Promise<Page<Membership>> {
    this.calls.push(`groupsOf:${userId}`);
    const items = [...this.memberships.values()].filter((m) => m.user.id === userId);
    return { items: items.slice(0, page.limit), nextCursor: null };
  }

  async members(groupId: string, page: PageRequest): Promise<Page<Membership>> {
    this.calls.push('members');
    const items = [...this.memberships.values()].filter((m) => m.groupId === groupId);
    return { items: items.slice(0, page.limit), nextCursor: null };
  }

  /** Every reference check an add asked for (the real store runs them as ConditionChecks). */
  readonly memberChecks: ReferenceCheck[] = [];

  async addMember(
    membership: Membership,
    event: GroupAuditEvent,
    checks: readonly ReferenceCheck[] = [],
  ): Promise<MemberAdded> {
    this.calls.push('addMember');
    this.memberChecks.push(...checks);
    const group = this.groups.get(membership.groupId);
    if (!group) throw new NotFoundError('Group');
    if (!group.active) throw groupRetiredError(group.id);
    const key = `${membership.groupId}/${membership.user.id}`;
    const existing = this.memberships.get(key);
    if (existing) return { value: existing, replayed: false, created: false };
    this.memberships.set(key, membership);
    this.events.push(event);
    return { value: membership, replayed: false, created: true };
  }

  async removeMember(groupId: string, userId: string, event: GroupAuditEvent) {
    this.calls.push('removeMember');
    if (!this.memberships.delete(`${groupId}/${userId}`)) throw new NotFoundError('Membership');
    this.events.push(event);
  }

  async history(groupId: string, page: PageRequest): Promise<Page<GroupAuditEvent>> {
    this.calls.push('history');
    const items = this.events.filter((e) => e.recordId === `group:${groupId}`);
    return { items: items.slice(0, page.limit), nextCursor: null };
  }
}

let generated = 0;

export function groupDeps(actor: Actor, groups: GroupRepository): GroupDeps {
  return {
    actor,
    groups,
    clock: fixedClock(now),
    ids: { next: () => `01JNV8C0${String(++generated).padStart(18, '0')}` },
  };
}
