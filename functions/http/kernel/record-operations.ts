import type { Created, IdempotencyClaim } from '../../domain/shared/created';
import { idempotencyClaim } from './idempotency';
import { etag, ifMatchVersion } from './request';
import { created, okRecord } from './results';
import type { HttpRequest, OperationHandler } from './types';

/**
 * The create, get and update operations of one kind of versioned record: 201 with its Location under `path`, its
 * ETag and Idempotent-Replayed on a replay; 200 with the ETag on a read or an If-Match update.
 */
export function recordOperations<D, T extends { id: string; version: number }>(
  path: string,
  deps: (request: HttpRequest) => D,
  useCases: {
    create(input: unknown, deps: D, idempotency?: IdempotencyClaim): Promise<Created<T>>;
    get(id: string, deps: D): Promise<T>;
    update(id: string, ifMatch: number | undefined, input: unknown, deps: D): Promise<T>;
  },
): { create: OperationHandler; get: OperationHandler; update: OperationHandler } {
  return {
    async create(request) {
      const { value, replayed } = await useCases.create(request.body, deps(request), idempotencyClaim(request));
      return created(value, `${path}/${encodeURIComponent(value.id)}`, { replayed, etag: etag(value.version) });
    },
    async get(request) {
      return okRecord(await useCases.get(request.params.id, deps(request)));
    },
    async update(request) {
      const ifMatch = ifMatchVersion(request.headers);
      return okRecord(await useCases.update(request.params.id, ifMatch, request.body, deps(request)));
    },
  };
}
