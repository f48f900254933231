import type { Role } from '../domain/shared/actor';

export type { Role };
export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** One route as a practice declares it (`functions/http/<practice>/routes.ts`). */
export interface RouteSpec<P extends string = string> {
  readonly method: HttpMethod;
  readonly path: string;
  /** The Lambda function (one per ITSM practice) that serves the route. */
  readonly practice: P;
  /** The operation inside that practice's router; also the OpenAPI operationId. */
  readonly operation: string;
  readonly summary: string;
  /** Any of these roles may call the route (every signed-in user is a requester). Omitted when public. */
  readonly roles?: readonly Role[];
  /** No token needed. */
  readonly public?: true;
}
