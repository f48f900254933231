/**
 * What every practice's schemas share: how an operation is described for the OpenAPI document, and the shapes
 * several practices answer with. Only the OpenAPI generator (the meta function) imports these.
 */
import * as z from 'zod/mini';
import type { OperationOf, Practice } from '../routes';

export interface OperationSchemas {
  readonly body?: z.ZodMiniType;
  readonly query?: z.ZodMiniObject;
  readonly success: number;
  readonly response?: z.ZodMiniType;
  /** The response carries an ETag (the version, for If-Match). */
  readonly etag?: true;
  /** Extra problem statuses this operation can answer with (400/401/403/404/500 are implied). */
  readonly problems?: readonly number[];
}

/** The schemas of every operation of practice `P` (no more, no fewer: a missing one fails the typecheck). */
export type PracticeSchemas<P extends Practice> = { readonly [O in OperationOf<P>]: OperationSchemas };

export const userRef = z.object({ id: z.string(), username: z.string() });

export const page = <T extends z.ZodMiniType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.nullable(z.string()) });

/** RFC 9457 problem details as every error of this API is shaped (functions/http/kernel/problem.ts). */
export const problemView = z.object({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  detail: z.optional(z.string()),
  code: z.string(),
  instance: z.optional(z.string()),
  errors: z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
});
