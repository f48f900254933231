import type { RoutingDeps } from '../domain/routing/ports';
import type { CallerDeps } from '../domain/shared/caller';
import { routingRepository } from '../store/routing-repository';

/** The routing rules wired to the store, for `caller`. */
export function routingDeps(caller: CallerDeps): RoutingDeps {
  return { ...caller, routing: routingRepository };
}
