/**
 * Examples for the OpenAPI document: one per operation, typed against the schemas the handlers validate with, so a
 * field renamed in a schema fails the typecheck here. Only the OpenAPI generator (the meta function) imports the
 * practices' `examples.ts`; they never reach another practice's bundle.
 */
import type * as z from 'zod/mini';
import { BlackoutConflictError } from '../../domain/changes/errors';
import {
  BusinessRuleError,
  ConflictError,
  DomainError,
  ForbiddenError,
  InvalidTransitionError,
  MethodNotAllowedError,
  NotFoundError,
  PayloadTooLargeError,
  PreconditionFailedError,
  PreconditionRequiredError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../../domain/shared/errors';
import { problemBody } from './problem';
import type { OperationSchemas, PlainProblemStatus, ProblemType } from './schemas';

/** `T` with readonly arrays and members, so shared `as const` fragments fit it. */
type Frozen<T> = T extends readonly (infer E)[]
  ? readonly Frozen<E>[]
  : T extends object
    ? { readonly [K in keyof T]: Frozen<T[K]> }
    : T;

/** The example of one operation: a request body when it takes one, a response body when it answers with one. */
export type OperationExample<S extends OperationSchemas> = (S extends { readonly body: infer B extends z.ZodMiniType }
  ? { readonly request: Frozen<z.input<B>> }
  : { readonly request?: never }) &
  (S extends { readonly response: infer R extends z.ZodMiniType }
    ? { readonly response: Frozen<z.output<R>> }
    : { readonly response?: never });

/** Operations that take or answer a body: those need an example (the others have nothing to show). */
type WithBodies<T> = {
  [O in keyof T]: T[O] extends { readonly body: z.ZodMiniType } | { readonly response: z.ZodMiniType } ? O : never;
}[keyof T];

/**
 * The examples of every operation of a practice whose schemas are `T` (`typeof incidentSchemas`): no operation with
 * a body or a response left out, no other key.
 */
export type PracticeExamples<T extends Record<string, OperationSchemas>> = {
  readonly [O in WithBodies<T>]: OperationExample<T[O]>;
};

/** Examples of any operation, as the OpenAPI generator reads them. */
export interface AnyExample {
  readonly request?: unknown;
  readonly response?: unknown;
}

/**
 * Shared fragments of the examples, matching the demo desk `npm start` seeds (infra/local/demo-data.ts and
 * infra/local/users.ts): its people, groups and a morning on the desk. Reused, never repeated, so the examples tell
 * one consistent story.
 */
export const samplePeople = {
  alice: { id: '0b9e2c1a-0000-4000-8000-00000000a11c', username: 'alice', name: 'Alice Archer' },
  bob: { id: '0b9e2c1a-0000-4000-8000-00000000b0b0', username: 'bob', name: 'Bob Baker' },
  carol: { id: '0b9e2c1a-0000-4000-8000-00000000ca01', username: 'carol', name: 'Carol Chen' },
  erin: { id: '0b9e2c1a-0000-4000-8000-00000000e414', username: 'erin', name: 'Erin Evans' },
} as const;

export type SamplePerson = keyof typeof samplePeople;

/** `{ id, username }` of a demo person, as most views name people. */
export const sampleRef = (who: SamplePerson) => ({ id: samplePeople[who].id, username: samplePeople[who].username });

/** The e-mail address of a demo person. */
export const sampleEmail = (who: SamplePerson) => `${who}@example.com`;

/** Moments of one morning on the desk, in order (ISO 8601, UTC). */
export const sampleTimes = {
  seeded: '2026-03-02T08:00:00.000Z',
  raised: '2026-03-02T09:14:07.120Z',
  assigned: '2026-03-02T09:21:45.803Z',
  commented: '2026-03-02T09:26:12.004Z',
  resolved: '2026-03-02T11:02:31.560Z',
  now: '2026-03-02T11:30:00.000Z',
} as const;

/** ULIDs of the records the examples show (the server makes ids like these). */
export const sampleIds = {
  incident: '01JNB4Q8K2V7T3M9X5R1D6C0ZA',
  otherIncident: '01JNB4T0ZQ3H8W2N6E4Y7K1P5S',
  comment: '01JNB5B7R4C2X9M1V8T6H3N0QD',
  otherComment: '01JNB5D2K8W5Q1Z7P3Y9M6R4TB',
  event: '01JNB4Q8K3A6N2P8R4T0V5X7YC',
  otherEvent: '01JNB59EF1G7J3K5M9Q2S4V6WX',
  rule: '01JN9ZK3M7P2R5T8V1X4Z6B9DF',
  otherRule: '01JN9ZK3M8Q3S6V9W2Y5A7C0EG',
  calendar: '01JN9ZP4B6D8F1H3K5M7Q9S2TV',
  policy: '01JN9ZR5C7E9G2J4N6P8R1T3WY',
} as const;

/** An opaque cursor as list operations answer it (pass it back as `cursor` for the next page). */
export const sampleCursor = 'eyJwayI6IklOQyMwMUpOQjRROEsyVjdUM005WDVSMUQ2QzBaQSJ9';

/**
 * One problem+json example per plain problem status and per problem type, made by the kernel's own `problemBody`
 * from the domain errors the server throws — so they are exactly what a client gets. The OpenAPI document declares
 * them once (`components.examples`) and every problem response refers to the ones its schema allows.
 */
export const plainProblemExamples: Readonly<Record<400 | 403 | 404 | 500 | PlainProblemStatus, ProblemExample>> = {
  400: {
    summary: 'A field is not valid (each one named in `errors`)',
    value: problemBody(new ValidationError([{ path: 'impact', message: 'Too big: expected number to be <=3' }])),
  },
  403: { summary: 'The caller may not do this', value: problemBody(new ForbiddenError('assign incidents')) },
  404: { summary: 'No such record (or not visible to the caller)', value: problemBody(new NotFoundError('Incident')) },
  405: {
    summary: 'The path is served, with other methods (see the Allow header)',
    value: problemBody(new MethodNotAllowedError('PUT', ['GET', 'PATCH'])),
  },
  409: {
    summary: 'The change conflicts with the current state',
    value: problemBody(new ConflictError('INC0001001 is already linked to this incident', 'LINK_EXISTS')),
  },
  413: { summary: 'The body is too large', value: problemBody(new PayloadTooLargeError(256 * 1024)) },
  415: { summary: 'The body is not JSON', value: problemBody(new UnsupportedMediaTypeError()) },
  422: {
    summary: 'A business rule refuses the request',
    value: problemBody(
      new BusinessRuleError('UNKNOWN_TARGET', 'There is no incident INC0009999', [
        { path: 'target', message: 'No such incident' },
      ]),
    ),
  },
  428: { summary: 'If-Match is missing', value: problemBody(new PreconditionRequiredError()) },
  500: {
    summary: 'Something failed on the server (logged)',
    value: problemBody(new DomainError('INTERNAL', 500, 'Something went wrong on our side; it has been logged')),
  },
  503: {
    summary: 'A dependency is not available',
    value: problemBody(
      new DomainError('NO_IDENTITY_PROVIDER', 503, 'No identity provider is configured to sync people from'),
    ),
  },
};

export const typedProblemExamples: Readonly<Record<ProblemType, ProblemExample>> = {
  VERSION_MISMATCH: {
    summary: 'The record changed since the version sent in If-Match',
    value: problemBody(new PreconditionFailedError('Incident', 1, 2)),
  },
  INVALID_TRANSITION: {
    summary: 'The status cannot move there from where it is',
    value: problemBody(new InvalidTransitionError('new', 'closed', ['in_progress', 'on_hold', 'resolved'])),
  },
  BLACKOUT_CONFLICT: {
    summary: 'The planned window overlaps a blackout window (only an emergency change may override it)',
    value: problemBody(
      new BlackoutConflictError([
        {
          blackoutId: '01JNA0B1C2D3E4F5G6H7J8K9M0',
          name: 'Month-end close',
          start: '2026-03-27T00:00:00.000Z',
          end: '2026-03-31T00:00:00.000Z',
        },
      ]),
    ),
  },
};

export interface ProblemExample {
  readonly summary: string;
  readonly value: unknown;
}
