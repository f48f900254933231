import type { Actor } from '../../domain/actor';

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
  /** Present on every route that is not public. */
  readonly actor?: Actor;
}

export interface HttpResult {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export type OperationHandler = (request: HttpRequest) => Promise<HttpResult>;
