import { caller } from '../../functions/compose/caller';
import { groupDeps as groupsFor } from '../../functions/compose/groups';
import { incidentDeps as incidentsFor } from '../../functions/compose/incidents';
import { routingDeps as routingFor } from '../../functions/compose/routing';
import { slaConfigDeps as slaFor } from '../../functions/compose/sla';
import { taxonomyDeps as taxonomyFor } from '../../functions/compose/taxonomy';
import type { Actor } from '../../functions/domain/shared/actor';
import type { Clock } from '../../functions/domain/shared/clock';

/**
 * Use-case dependencies over the real store (DynamoDB Local, see table.ts) for `who`: the same per-practice deps
 * factories the HTTP operations use. Integration tests call the use cases with these.
 */
export const incidentDeps = (who: Actor, clock?: Clock) => incidentsFor(caller(who, clock));
export const groupDeps = (who: Actor) => groupsFor(caller(who));
export const taxonomyDeps = (who: Actor) => taxonomyFor(caller(who));
export const routingDeps = (who: Actor) => routingFor(caller(who));
export const slaDeps = (who: Actor) => slaFor(caller(who));

/** A valid createIncident body (impact 2, urgency 2 → P3) with `overrides`. */
export const incidentInput = (overrides: Record<string, unknown> = {}) => ({
  title: 'Laptop will not boot',
  description: 'Black screen after the update',
  impact: 2,
  urgency: 2,
  ...overrides,
});
