import type { Person } from '../../domain/people/ports';
import type { Actor } from '../../domain/shared/actor';

export interface HttpRequest {
  readonly routeKey: string;
  readonly method: string;
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON body (undefined when none was sent). */
  readonly body: unknown;
  /** The body as sent, for fingerprinting idempotent requests. */
  readonly rawBody?: string;
  /** Present on every route that is not public. */
  readonly actor?: Actor;
  /**
   * The caller's person as the refresh from their token (running alongside the operation) leaves it; never rejects
   * (undefined when the refresh could not tell, or the practice does not refresh).
   */
  readonly callerPerson?: Promise<Person | undefined>;
}

export interface HttpResult {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export type OperationHandler = (request: HttpRequest) => Promise<HttpResult>;
