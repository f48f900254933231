import { caller } from '../../compose/caller';
import type { CallerDeps } from '../../domain/shared/caller';
import type { HttpRequest } from './types';

/**
 * The caller of an authenticated route: the token's actor, the system clock, THE id generator, and their person as
 * the request's refresh leaves it.
 */
export function callerDeps(request: HttpRequest): CallerDeps {
  if (!request.actor) throw new Error(`${request.routeKey} is public: it has no caller to act for`);
  const { callerPerson } = request;
  return { ...caller(request.actor), callerPerson: async () => callerPerson && (await callerPerson) };
}
