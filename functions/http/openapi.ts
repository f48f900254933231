import * as z from 'zod/mini';
import { adminExamples } from './admin/examples';
import { adminSchemas } from './admin/schemas';
import { changeExamples } from './changes/examples';
import { changeSchemas } from './changes/schemas';
import { emailExamples } from './email/examples';
import { emailSchemas } from './email/schemas';
import { groupExamples } from './groups/examples';
import { groupSchemas } from './groups/schemas';
import { incidentExamples } from './incidents/examples';
import { incidentSchemas } from './incidents/schemas';
import { type AnyExample, plainProblemExamples, typedProblemExamples } from './kernel/examples';
import { idempotencyKeyPattern, ifMatchPattern } from './kernel/header-formats';
import { type OperationSchemas, type ProblemType, problemTypes, problemTypeView, problemView } from './kernel/schemas';
import { metaExamples } from './meta/examples';
import { metaSchemas } from './meta/schemas';
import { peopleExamples } from './people/examples';
import { peopleSchemas } from './people/schemas';
import { reportExamples } from './reports/examples';
import { reportSchemas } from './reports/schemas';
import { type Operation, type RouteSpec, routes } from './routes';
import { routingExamples } from './routing/examples';
import { routingSchemas } from './routing/schemas';
import { slaExamples } from './sla/examples';
import { slaSchemas } from './sla/schemas';

/** Every practice's schemas, by operation (a practice left out fails the typecheck). */
export const operationSchemas: Readonly<Record<Operation, OperationSchemas>> = {
  ...metaSchemas,
  ...incidentSchemas,
  ...routingSchemas,
  ...groupSchemas,
  ...adminSchemas,
  ...peopleSchemas,
  ...slaSchemas,
  ...reportSchemas,
  ...emailSchemas,
  ...changeSchemas,
};

/**
 * Every practice's examples, by operation: a request body and a response body for each operation that takes or
 * answers one (`PracticeExamples` makes a missing one fail the typecheck; tests/unit/http/openapi-examples.test.ts
 * validates each against its schema).
 */
export const operationExamples: Readonly<Partial<Record<Operation, AnyExample>>> = {
  ...metaExamples,
  ...incidentExamples,
  ...routingExamples,
  ...groupExamples,
  ...adminExamples,
  ...peopleExamples,
  ...slaExamples,
  ...reportExamples,
  ...emailExamples,
  ...changeExamples,
};

type JsonSchema = Record<string, unknown>;

const toSchema = (schema: z.ZodMiniType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
  });
  return rest;
};

const header = (description: string) => ({ description, schema: { type: 'string' } });

const unauthorizedSchema: JsonSchema = {
  type: 'object',
  properties: { message: { type: 'string', const: 'Unauthorized' } },
};

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** Whether an operation's problem at this status may be a plain Problem (400/403/404/500 always may). */
const plainAt = (status: number, declared: NonNullable<OperationSchemas['problems']>) =>
  status === 400 || status === 403 || status === 404 || status === 500 || declared.includes(status as never);

/**
 * The schema of an operation's problem+json body at one status: the plain Problem, the typed problems the operation
 * declares at that status (their extension members included), or any of them when it declares both.
 */
function problemSchema(
  status: number,
  declared: NonNullable<OperationSchemas['problems']>,
  typed: readonly ProblemType[],
): JsonSchema {
  const plain = plainAt(status, declared);
  const schemas = [
    ...(plain ? [ref('Problem')] : []),
    ...typed.filter((code) => problemTypes[code].status === status).map((code) => ref(problemTypes[code].schemaName)),
  ];
  return schemas.length === 1 ? schemas[0] : { anyOf: schemas };
}

/** The `components.examples` name of the plain problem example at `status`, and of a problem type's example. */
const plainExampleName = (status: number) => `Problem${status}`;
const typedExampleName = (code: ProblemType) => problemTypes[code].schemaName;

/** References to the problem examples the body of `problemSchema` at this status allows (same rule). */
function problemExamples(
  status: number,
  declared: NonNullable<OperationSchemas['problems']>,
  typed: readonly ProblemType[],
): JsonSchema {
  const plain = plainAt(status, declared);
  return Object.fromEntries([
    ...(plain ? [[plainExampleName(status), { $ref: `#/components/examples/${plainExampleName(status)}` }]] : []),
    ...typed
      .filter((code) => problemTypes[code].status === status)
      .map((code) => [typedExampleName(code), { $ref: `#/components/examples/${typedExampleName(code)}` }]),
  ]);
}

/**
 * OpenAPI links from a create (POST → 201) to the read of what it made (GET on the POST's path + one parameter): the
 * parameters the create had stay, the new one comes from the response body (the property named like it, else the
 * `id` of the object named by its stem — `userId` → `/user/id` — else `id`).
 */
function readLinks(route: RouteSpec, response: JsonSchema | undefined): JsonSchema | undefined {
  const read = (routes as readonly RouteSpec[]).find(
    (r) => r.method === 'GET' && new RegExp(`^${route.path.replace(/[{}]/g, '\\$&')}/\\{\\w+\\}$`).test(r.path),
  );
  const properties = (response?.properties ?? {}) as Record<string, JsonSchema>;
  if (!read) return undefined;
  const names = [...read.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => name);
  const created = names[names.length - 1];
  const stem = created.replace(/Id$/, '');
  const pointer =
    created in properties
      ? `/${created}`
      : stem !== created && (properties[stem]?.properties as JsonSchema | undefined)?.id
        ? `/${stem}/id`
        : 'id' in properties
          ? '/id'
          : undefined;
  if (!pointer) return undefined;
  return {
    [read.operation]: {
      operationId: read.operation,
      parameters: Object.fromEntries(
        names.map((name) => [name, name === created ? `$response.body#${pointer}` : `$request.path.${name}`]),
      ),
      description: `Read what was created (${read.method} ${read.path})`,
    },
  };
}

function operation(route: RouteSpec): JsonSchema {
  const spec = operationSchemas[route.operation as Operation];
  const examples = operationExamples[route.operation as Operation];
  const request = examples?.request === undefined ? {} : { example: examples.request };
  const response = examples?.response === undefined ? {} : { example: examples.response };
  const pathParams = [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const queryParams = spec.query
    ? Object.entries((toSchema(spec.query, 'output').properties ?? {}) as Record<string, JsonSchema>).map(
        ([name, schema]) => ({ name, in: 'query', required: false, schema }),
      )
    : [];
  const headerParams = [
    ...(route.method === 'POST'
      ? [
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: false,
            schema: { type: 'string', minLength: 1, maxLength: 255, pattern: idempotencyKeyPattern.source },
            description:
              '1–255 visible ASCII characters (else 400). A retry with the same key and the same bytes within 24 h ' +
              'answers the first response (Idempotent-Replayed: true); the same key with another body is 422.',
          },
        ]
      : []),
    // Only operations that honour If-Match (they answer 428 without it) declare it.
    ...(spec.problems?.includes(428)
      ? [
          {
            name: 'If-Match',
            in: 'header',
            required: true,
            schema: { type: 'string', pattern: ifMatchPattern.source },
            description:
              'The strong ETag you read ("3"), or the bare version; `*` and weak ETags are refused (400). ' +
              'Stale: 412; missing: 428.',
          },
        ]
      : []),
  ];
  const declared = spec.problems ?? [];
  const typed = declared.filter((p): p is ProblemType => typeof p === 'string');
  const statuses = new Set<number>([
    400,
    ...(route.public ? [] : [403, 404]),
    ...declared.map((p) => (typeof p === 'string' ? problemTypes[p].status : p)),
    500,
  ]);
  const problems = [...statuses].sort((a, b) => a - b);
  const headers = {
    ...(spec.etag ? { ETag: header('The version, for If-Match') } : {}),
    ...(spec.success === 201 ? { Location: header('Where the new resource lives') } : {}),
    ...(spec.success === 202 ? { Location: header('Where to follow what was accepted') } : {}),
    ...(route.method === 'POST' && (spec.success === 201 || spec.success === 202)
      ? {
          'Idempotent-Replayed': header(
            '"true" when this is the stored response to an earlier request with the same Idempotency-Key',
          ),
        }
      : {}),
  };
  const links =
    route.method === 'POST' && spec.success === 201
      ? readLinks(route, spec.response ? toSchema(spec.response, 'output') : undefined)
      : undefined;
  const existing = spec.existing
    ? {
        200: {
          description: 'It already existed: the existing item, as it is; nothing new was made',
          headers: {
            ...(spec.existing.location ? { Location: header('Where the existing item lives') } : {}),
            ...('Idempotent-Replayed' in headers ? { 'Idempotent-Replayed': headers['Idempotent-Replayed'] } : {}),
          },
          ...(spec.response
            ? { content: { 'application/json': { schema: toSchema(spec.response, 'output'), ...response } } }
            : {}),
        },
      }
    : {};
  return {
    operationId: route.operation,
    summary: route.summary,
    ...(spec.description ? { description: spec.description } : {}),
    tags: [route.practice],
    ...(route.public ? { security: [] } : { 'x-nimbus-roles': route.roles }),
    parameters: [...pathParams, ...queryParams, ...headerParams],
    ...(spec.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: toSchema(spec.body, 'input'), ...request } },
          },
        }
      : {}),
    responses: {
      [spec.success]: {
        description: 'Success',
        ...(Object.keys(headers).length ? { headers } : {}),
        ...(spec.response
          ? { content: { 'application/json': { schema: toSchema(spec.response, 'output'), ...response } } }
          : {}),
        ...(links ? { links } : {}),
      },
      ...existing,
      ...Object.fromEntries([
        ...(route.public
          ? []
          : [
              [
                401,
                {
                  description: 'Missing or invalid token (answered by API Gateway, before Nimbus runs)',
                  content: { 'application/json': { schema: unauthorizedSchema, example: { message: 'Unauthorized' } } },
                },
              ],
            ]),
        ...problems.map((status) => [
          status,
          {
            description: 'Problem',
            content: {
              'application/problem+json': {
                schema: problemSchema(status, declared, typed),
                examples: problemExamples(status, declared, typed),
              },
            },
          },
        ]),
      ]),
    },
  };
}

/** The problem examples some operation refers to (an unused component is a lint warning). */
function referencedExamples(paths: unknown): Record<string, unknown> {
  const all = {
    ...Object.fromEntries(
      Object.entries(plainProblemExamples).map(([status, example]) => [plainExampleName(Number(status)), example]),
    ),
    ...Object.fromEntries(
      (Object.keys(typedProblemExamples) as ProblemType[]).map((code) => [
        typedExampleName(code),
        typedProblemExamples[code],
      ]),
    ),
  };
  const text = JSON.stringify(paths);
  return Object.fromEntries(Object.entries(all).filter(([name]) => text.includes(`"#/components/examples/${name}"`)));
}

/** The OpenAPI 3.1 document, generated from the route table and the zod schemas the handlers validate with. */
export function openApiDocument(serverUrl?: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes as readonly RouteSpec[]) {
    paths[route.path] ??= {};
    paths[route.path][route.method.toLowerCase()] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Nimbus ITSM API',
      version: '0.1.0',
      description: 'Incidents, service requests, problems, changes, SLAs, CMDB and knowledge — in your AWS account.',
      license: { name: 'Apache 2.0', identifier: 'Apache-2.0' },
    },
    // The document is served at `/openapi.json` of the API itself (API Gateway's `$default` stage, or the local
    // gateway), so `/` — relative to where the document was read from — is the API, wherever it is deployed.
    servers: [{ url: serverUrl ?? '/', description: 'The API that serves this document' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      examples: referencedExamples(paths),
      schemas: {
        Problem: toSchema(problemView, 'output'),
        ...Object.fromEntries(
          (Object.keys(problemTypes) as ProblemType[]).map((code) => [
            problemTypes[code].schemaName,
            toSchema(problemTypeView(code), 'output'),
          ]),
        ),
      },
    },
  };
}
