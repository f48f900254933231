import { ulid } from 'ulid';
import type { GroupDeps } from '../../functions/domain/groups/ports';
import type { LinkDeps } from '../../functions/domain/incidents/links';
import type { RoutingDeps } from '../../functions/domain/routing/ports';
import type { Actor } from '../../functions/domain/shared/actor';
import { type Clock, systemClock } from '../../functions/domain/shared/clock';
import type { TaxonomyDeps } from '../../functions/domain/taxonomy/ports';
import { groupRepository } from '../../functions/store/group-repository';
import { incidentRepository } from '../../functions/store/incident-repository';
import { linkRepository } from '../../functions/store/link-repository';
import { queueRepository } from '../../functions/store/queue-repository';
import { routedNumbering, routingRepository } from '../../functions/store/routing-repository';
import { taxonomyRepository } from '../../functions/store/taxonomy-repository';
import { watchRepository } from '../../functions/store/watch-repository';

/**
 * Use-case dependencies over the real store (DynamoDB Local, see table.ts), wired as the HTTP handlers wire them,
 * for `who`. Integration tests call the use cases with these.
 */
const ids = { next: () => ulid() };

export const incidentDeps = (who: Actor, clock: Clock = systemClock) =>
  ({
    actor: who,
    incidents: incidentRepository,
    numbers: routedNumbering,
    clock,
    ids,
    watches: watchRepository,
    links: linkRepository,
    queues: queueRepository,
  }) satisfies LinkDeps & { queues: typeof queueRepository };

export const groupDeps = (who: Actor): GroupDeps => ({ actor: who, groups: groupRepository, clock: systemClock, ids });

export const taxonomyDeps = (who: Actor): TaxonomyDeps => ({
  actor: who,
  taxonomy: taxonomyRepository,
  clock: systemClock,
  ids,
});

export const routingDeps = (who: Actor): RoutingDeps => ({
  actor: who,
  routing: routingRepository,
  clock: systemClock,
  ids,
});

/** A valid createIncident body (impact 2, urgency 2 → P3) with `overrides`. */
export const incidentInput = (overrides: Record<string, unknown> = {}) => ({
  title: 'Laptop will not boot',
  description: 'Black screen after the update',
  impact: 2,
  urgency: 2,
  ...overrides,
});
