import type { ReferenceCheck } from '../../../functions/domain/shared/references';
/**
 * In-memory watch and link stores for the pure use cases; they share the incident fake so the parent pointer
 * and the access rules see the same records. DynamoDB behaviour (conditions, races) is in the integration tests.
 */

import type { Incident } from '../../../functions/domain/incidents/incident';
import type { Link, LinkDeps, LinkRepository, LinkType, NewLink } from '../../../functions/domain/incidents/links';
import type { IncidentAuditEvent } from '../../../functions/domain/incidents/ports';
import type { Watch, WatchAdded, WatchDeps, WatchRepository } from '../../../functions/domain/incidents/watchers';
import type { Actor } from '../../../functions/domain/shared/actor';
import { BusinessRuleError, ConflictError } from '../../../functions/domain/shared/errors';
import type { Page } from '../../../functions/domain/shared/page';
import { depsFor, type InMemoryIncidentRepository } from './incidents';

export class InMemoryWatchRepository implements WatchRepository {
  readonly watches: Watch[] = [];
  calls = 0;

  constructor(private readonly incidents: InMemoryIncidentRepository) {}

  private find(recordId: string, userId: string) {
    return this.watches.find((w) => w.recordId === recordId && w.userId === userId);
  }

  async getIncidentForUser(incidentId: string, userId: string) {
    this.calls += 1;
    return { incident: this.incidents.incidents.get(incidentId), watching: Boolean(this.find(incidentId, userId)) };
  }

  async isWatching(recordId: string, userId: string) {
    this.calls += 1;
    return Boolean(this.find(recordId, userId));
  }

  /** Every reference check an add asked for (the real store runs them as ConditionChecks). */
  readonly checks: ReferenceCheck[] = [];

  async add(watch: Watch, event: IncidentAuditEvent, checks: readonly ReferenceCheck[] = []): Promise<WatchAdded> {
    this.checks.push(...checks);
    const existing = this.find(watch.recordId, watch.userId);
    if (existing) return { value: existing, created: false, replayed: false };
    this.watches.push(watch);
    this.incidents.events.push(event);
    return { value: watch, created: true, replayed: false };
  }

  async remove(recordId: string, userId: string, event: IncidentAuditEvent) {
    const at = this.watches.findIndex((w) => w.recordId === recordId && w.userId === userId);
    if (at < 0) return false;
    this.watches.splice(at, 1);
    this.incidents.events.push(event);
    return true;
  }

  async list(recordId: string, page: { limit: number }): Promise<Page<Watch>> {
    return { items: this.watches.filter((w) => w.recordId === recordId).slice(0, page.limit), nextCursor: null };
  }

  async watchedIncidents(userId: string, page: { limit: number }): Promise<Page<Incident>> {
    const ids = this.watches
      .filter((w) => w.userId === userId)
      .map((w) => w.recordId)
      .sort()
      .reverse();
    const items = ids.flatMap((id) => this.incidents.incidents.get(id) ?? []);
    return { items: items.slice(0, page.limit), nextCursor: null };
  }
}

export class InMemoryLinkRepository implements LinkRepository {
  readonly links: Link[] = [];

  constructor(private readonly incidents: InMemoryIncidentRepository) {}

  async getPair(a: string, b: string): Promise<[Incident | undefined, Incident | undefined]> {
    return [this.incidents.incidents.get(a), this.incidents.incidents.get(b)];
  }

  async getIncidentAndLink(incidentId: string, targetId: string) {
    return {
      incident: this.incidents.incidents.get(incidentId),
      link: await this.getLink(incidentId, targetId),
      target: this.incidents.incidents.get(targetId),
    };
  }

  async getLink(recordId: string, targetId: string) {
    return this.links.find((l) => l.recordId === recordId && l.targetId === targetId);
  }

  async add({ sides, parent, events }: NewLink) {
    if (await this.getLink(sides[0].recordId, sides[0].targetId)) throw new ConflictError('exists', 'LINK_EXISTS');
    if (parent) {
      const child = this.incidents.incidents.get(parent.childId) as Incident;
      if (child.parentId) throw new BusinessRuleError('ALREADY_HAS_PARENT', 'has a parent');
      this.incidents.incidents.set(child.id, {
        ...child,
        parentId: parent.parentId,
        parentNumber: parent.parentNumber,
        updatedAt: parent.at,
        version: child.version + 1,
      });
    }
    this.links.push(...sides);
    this.incidents.events.push(...events);
    return { value: sides[0], replayed: false };
  }

  async remove(side: Link, parent: NewLink['parent'], events: readonly [IncidentAuditEvent, IncidentAuditEvent]) {
    const before = this.links.length;
    const keep = this.links.filter(
      (l) =>
        !(l.recordId === side.recordId && l.targetId === side.targetId) &&
        !(l.recordId === side.targetId && l.targetId === side.recordId),
    );
    if (keep.length === before) return false;
    this.links.splice(0, this.links.length, ...keep);
    if (parent) {
      const { parentId: _p, parentNumber: _n, ...child } = this.incidents.incidents.get(parent.childId) as Incident;
      this.incidents.incidents.set(child.id, { ...child, updatedAt: parent.at, version: child.version + 1 });
    }
    this.incidents.events.push(...events);
    return true;
  }

  async list(recordId: string, page: { type?: LinkType; limit: number }): Promise<Page<Link>> {
    const items = this.links.filter((l) => l.recordId === recordId && (!page.type || l.type === page.type));
    return { items: items.slice(0, page.limit), nextCursor: null };
  }

  async children(parentId: string) {
    return this.links.filter((l) => l.recordId === parentId && l.type === 'parent_of');
  }
}

/** Deps with all three fakes over one incident store. */
export function fullDepsFor(
  actor: Actor,
  incidents: InMemoryIncidentRepository,
  watches = new InMemoryWatchRepository(incidents),
  links = new InMemoryLinkRepository(incidents),
): WatchDeps & LinkDeps {
  return { ...depsFor(actor, incidents), watches, links };
}
