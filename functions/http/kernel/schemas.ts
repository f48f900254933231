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
  /** What the operation does beyond its summary (the OpenAPI `description`). */
  readonly description?: string;
  /**
   * A create that answers 200 with the existing item when it is already there (nothing new is made); `location`:
   * whether that answer still names where the item lives.
   */
  readonly existing?: { readonly location: boolean };
  /**
   * Extra problems this operation can answer with (400/401/403/404/500 are implied): a status, or a problem type
   * whose body carries extension members (see `problemTypes`). Every 412 is a `VERSION_MISMATCH`, so 412 is
   * named by its type, never as a bare status.
   */
  readonly problems?: readonly (PlainProblemStatus | ProblemType)[];
}

/** The schemas of every operation of practice `P` (no more, no fewer: a missing one fails the typecheck). */
export type PracticeSchemas<P extends Practice> = { readonly [O in OperationOf<P>]: OperationSchemas };

export const userRef = z.object({ id: z.string(), username: z.string() });

export const page = <T extends z.ZodMiniType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.nullable(z.string()) });

/** The statuses whose problems carry no extension members. */
export type PlainProblemStatus = 405 | 409 | 413 | 415 | 422 | 428 | 503;

const problemMembers = {
  type: z.string(),
  title: z.string(),
  status: z.int(),
  detail: z.optional(z.string()),
  code: z.string(),
  instance: z.optional(z.string()),
  errors: z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
};

/** RFC 9457 problem details as every error of this API is shaped (functions/http/kernel/problem.ts). */
export const problemView = z.object(problemMembers);

/**
 * The problem types whose bodies carry extension members (RFC 9457 §3.2), declared once: the members each one adds
 * to the Problem shape (`details` of the domain error in functions/domain/shared/errors.ts). The OpenAPI document
 * gets one schema per type (`<Name>Problem`), and every response that can carry one names it.
 */
export const problemTypes = {
  VERSION_MISMATCH: {
    schemaName: 'VersionMismatchProblem',
    status: 412,
    extensions: {
      expectedVersion: z.int().register(z.globalRegistry, { description: 'The version the request sent in If-Match' }),
      currentVersion: z.optional(
        z.int().register(z.globalRegistry, { description: 'The version the record has now (absent when it is gone)' }),
      ),
    },
  },
  INVALID_TRANSITION: {
    schemaName: 'InvalidTransitionProblem',
    status: 422,
    extensions: {
      from: z.string().register(z.globalRegistry, { description: 'The status the record is in' }),
      to: z.string().register(z.globalRegistry, { description: 'The status the request asked for' }),
      allowed: z
        .array(z.string())
        .register(z.globalRegistry, { description: 'The statuses the record may move to from `from`' }),
    },
  },
  BLACKOUT_CONFLICT: {
    schemaName: 'BlackoutConflictProblem',
    status: 422,
    extensions: {
      blackouts: z
        .array(z.object({ blackoutId: z.string(), name: z.string(), start: z.string(), end: z.string() }))
        .register(z.globalRegistry, {
          description: 'The blackout window occurrences the change’s planned window overlaps',
        }),
    },
  },
} as const;

export type ProblemType = keyof typeof problemTypes;

/** The problem+json body of one problem type: the Problem members, its code, type and status fixed, its extensions. */
export function problemTypeView(code: ProblemType) {
  const { status, extensions } = problemTypes[code];
  return z.object({
    ...problemMembers,
    type: z.literal(`urn:nimbus:problem:${code.toLowerCase().replaceAll('_', '-')}`),
    status: z.literal(status),
    code: z.literal(code),
    ...extensions,
  });
}

/** Any problem body this API answers with, typed or not (per-item results of multi-incident operations). */
export const anyProblemView = z.union([
  problemView,
  ...(Object.keys(problemTypes) as ProblemType[]).map((code) => problemTypeView(code)),
]);
