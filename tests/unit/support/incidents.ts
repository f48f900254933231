/**
 * Pure-domain test doubles for the incident use cases: a tiny in-memory repository (DynamoDB behaviour is
 * covered by the integration tests), actors for each role and an incident builder.
 */

import type { IncidentDeps } from '../../../functions/domain/incidents/deps';
import { formatIncidentNumber, type Incident } from '../../../functions/domain/incidents/incident';
import type {
  Comment,
  IncidentAuditEvent,
  IncidentListQuery,
  IncidentRepository,
  NewIncident,
} from '../../../functions/domain/incidents/ports';
import type { Person } from '../../../functions/domain/people/ports';
import { emptyRuleset, type Ruleset } from '../../../functions/domain/routing/rules';
import type { Actor } from '../../../functions/domain/shared/actor';
import type { UserRef } from '../../../functions/domain/shared/audit';
import { fixedClock } from '../../../functions/domain/shared/clock';
import type { Created, IdempotencyClaim } from '../../../functions/domain/shared/created';
import { PreconditionFailedError } from '../../../functions/domain/shared/errors';
import type { Page } from '../../../functions/domain/shared/page';
import { priorityOf } from '../../../functions/domain/shared/priority';
import type { ReferenceCheck } from '../../../functions/domain/shared/references';

export const alice: Actor = { id: 'user-alice', username: 'alice', roles: ['requester'] };
export const mallory: Actor = { id: 'user-mallory', username: 'mallory', roles: ['requester'] };
export const bob: Actor = { id: 'user-bob', username: 'bob', roles: ['requester', 'agent'] };
export const ada: Actor = { id: 'user-ada', username: 'ada', roles: ['requester', 'admin'] };
export const carl: Actor = { id: 'user-carl', username: 'carl', roles: ['requester', 'change-manager', 'cab'] };

export const now = '2025-03-04T10:00:00.000Z';

/** A record id shaped like the ULIDs the API hands out, distinct for each `n`. */
export function incId(n: number): string {
  return `01JNV8A0${String(n).padStart(18, '0')}`;
}

let generated = 0;

/** A stored incident as a repository would return it; `overrides` set the fields a test cares about. */
export function anIncident(overrides: Partial<Incident> = {}): Incident {
  const impact = overrides.impact ?? 2;
  const urgency = overrides.urgency ?? 2;
  return {
    id: incId(1),
    number: formatIncidentNumber(1001),
    title: 'Printer on floor 3 is jammed',
    description: 'It shows error E42 and will not print.',
    impact,
    urgency,
    priority: priorityOf(impact, urgency),
    status: 'new',
    major: false,
    requester: { id: alice.id, username: alice.username },
    reopenCount: 0,
    createdAt: '2025-03-01T09:00:00.000Z',
    updatedAt: '2025-03-01T09:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

export function aResolvedIncident(overrides: Partial<Incident> = {}): Incident {
  return anIncident({
    status: 'resolved',
    resolutionCode: 'solved_permanently',
    resolutionNotes: 'Replaced the fuser.',
    resolvedAt: '2025-03-02T09:00:00.000Z',
    resolvedBy: bob.id,
    version: 4,
    ...overrides,
  });
}

const byPublic = (publicOnly: boolean) => (e: { visibility?: 'public' | 'internal' }) =>
  !publicOnly || e.visibility !== 'internal';

/** Keeps records in maps; `update` honours the expected version like the real conditional write. */
export class InMemoryIncidentRepository implements IncidentRepository {
  readonly incidents = new Map<string, Incident>();
  readonly comments: Comment[] = [];
  readonly events: IncidentAuditEvent[] = [];
  readonly listQueries: IncidentListQuery[] = [];
  readonly claims: (IdempotencyClaim | undefined)[] = [];
  /** Every reference check a write asked for (the real store runs them as ConditionChecks). */
  readonly checks: ReferenceCheck[] = [];
  readonly watchers: { incidentId: string; user: UserRef }[] = [];
  writes = 0;
  private sequence = 1000;

  constructor(...seed: Incident[]) {
    for (const incident of seed) this.incidents.set(incident.id, incident);
  }

  /** The incident number sequence (the store's counter). */
  nextNumber(): number {
    this.sequence += 1;
    return this.sequence;
  }

  async create({ incident, event, idempotency, checks, watchers }: NewIncident): Promise<Created<Incident>> {
    this.writes += 1;
    this.claims.push(idempotency);
    this.checks.push(...checks);
    this.watchers.push(...watchers.map((user) => ({ incidentId: incident.id, user })));
    this.incidents.set(incident.id, incident);
    this.events.push(event);
    return { value: incident, replayed: false };
  }

  async get(id: string): Promise<Incident | undefined> {
    return this.incidents.get(id);
  }

  /** The people `getWithPerson` finds (the real store reads them in the same BatchGetItem as the incident). */
  readonly people = new Map<string, Person>();

  async getWithPerson(id: string, personId: string): Promise<{ incident?: Incident; person?: Person }> {
    return { incident: this.incidents.get(id), person: this.people.get(personId) };
  }

  async getByNumber(number: string): Promise<Incident | undefined> {
    return [...this.incidents.values()].find((incident) => incident.number === number);
  }

  async list(query: IncidentListQuery): Promise<Page<Incident>> {
    this.listQueries.push(query);
    const { scope, status } = query;
    const items = [...this.incidents.values()].filter((incident) => {
      if (scope.by === 'requester' && incident.requester.id !== scope.value) return false;
      if (scope.by === 'assignee' && incident.assignee !== scope.value) return false;
      if (scope.by === 'assignmentGroup' && incident.assignmentGroup !== scope.value) return false;
      if (status === 'open') return ['new', 'in_progress', 'on_hold'].includes(incident.status);
      return status === undefined || incident.status === status;
    });
    return { items: items.slice(0, query.limit), nextCursor: null };
  }

  async update(next: Incident, previous: Incident, event: IncidentAuditEvent, checks: readonly ReferenceCheck[] = []) {
    const expectedVersion = previous.version;
    this.checks.push(...checks);
    const stored = this.incidents.get(next.id);
    if (!stored || stored.version !== expectedVersion) {
      throw new PreconditionFailedError('Incident', expectedVersion, stored?.version);
    }
    this.writes += 1;
    this.incidents.set(next.id, next);
    this.events.push(event);
    return next;
  }

  async addComment(
    comment: Comment,
    event: IncidentAuditEvent,
    idempotency?: IdempotencyClaim,
  ): Promise<Created<Comment>> {
    this.writes += 1;
    this.claims.push(idempotency);
    this.comments.push(comment);
    this.events.push(event);
    return { value: comment, replayed: false };
  }

  async getComment(incidentId: string, commentId: string): Promise<Comment | undefined> {
    return this.comments.find((c) => c.incidentId === incidentId && c.id === commentId);
  }

  async getIncidentAndComment(incidentId: string, commentId: string) {
    return { incident: await this.get(incidentId), comment: await this.getComment(incidentId, commentId) };
  }

  async listComments(incidentId: string, page: { limit: number; publicOnly: boolean }): Promise<Page<Comment>> {
    const items = this.comments.filter((c) => c.incidentId === incidentId).filter(byPublic(page.publicOnly));
    return { items: items.slice(0, page.limit), nextCursor: null };
  }

  async history(incidentId: string, page: { limit: number; publicOnly: boolean }): Promise<Page<IncidentAuditEvent>> {
    const items = this.events.filter((e) => e.recordId === incidentId).filter(byPublic(page.publicOnly));
    return { items: items.slice(0, page.limit), nextCursor: null };
  }
}

const sequences = new WeakMap<IncidentRepository, number>();

/** The next incident number: the fake's own counter, or one per repository for other repositories. */
function nextSequence(incidents: IncidentRepository): number {
  if (incidents instanceof InMemoryIncidentRepository) return incidents.nextNumber();
  const next = (sequences.get(incidents) ?? 1000) + 1;
  sequences.set(incidents, next);
  return next;
}

/** Use-case dependencies for `actor` over `incidents`, with a fixed clock and predictable ids. */
export function depsFor(actor: Actor, incidents: IncidentRepository, ruleset: Ruleset = emptyRuleset): IncidentDeps {
  return {
    actor,
    incidents,
    numbers: { next: async () => ({ value: nextSequence(incidents), ruleset }) },
    clock: fixedClock(now),
    ids: { next: () => `01JNV8B0${String(++generated).padStart(18, '0')}` },
  };
}
