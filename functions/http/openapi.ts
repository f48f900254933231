import * as z from 'zod/mini';
import { adminSchemas } from './admin/schemas';
import { groupSchemas } from './groups/schemas';
import { incidentSchemas } from './incidents/schemas';
import { type OperationSchemas, problemView } from './kernel/schemas';
import { metaSchemas } from './meta/schemas';
import { peopleSchemas } from './people/schemas';
import { reportSchemas } from './reports/schemas';
import { type Operation, type RouteSpec, routes } from './routes';
import { routingSchemas } from './routing/schemas';
import { slaSchemas } from './sla/schemas';

/** Every practice's schemas, by operation (a practice left out fails the typecheck). */
const operationSchemas: Readonly<Record<Operation, OperationSchemas>> = {
  ...metaSchemas,
  ...incidentSchemas,
  ...routingSchemas,
  ...groupSchemas,
  ...adminSchemas,
  ...peopleSchemas,
  ...slaSchemas,
  ...reportSchemas,
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

function operation(route: RouteSpec): JsonSchema {
  const spec = operationSchemas[route.operation as Operation];
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
      ? [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 255 } }]
      : []),
    // Only operations that honour If-Match (they answer 428 without it) declare it.
    ...(spec.problems?.includes(428)
      ? [
          {
            name: 'If-Match',
            in: 'header',
            required: true,
            schema: { type: 'string' },
            description: 'The ETag you read',
          },
        ]
      : []),
  ];
  const problems = [400, ...(route.public ? [] : [403, 404]), ...(spec.problems ?? []), 500];
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
  return {
    operationId: route.operation,
    summary: route.summary,
    tags: [route.practice],
    ...(route.public ? { security: [] } : { 'x-nimbus-roles': route.roles }),
    parameters: [...pathParams, ...queryParams, ...headerParams],
    ...(spec.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(spec.body, 'input') } } } }
      : {}),
    responses: {
      [spec.success]: {
        description: 'Success',
        ...(Object.keys(headers).length ? { headers } : {}),
        ...(spec.response ? { content: { 'application/json': { schema: toSchema(spec.response, 'output') } } } : {}),
      },
      ...Object.fromEntries([
        ...(route.public
          ? []
          : [
              [
                401,
                {
                  description: 'Missing or invalid token (answered by API Gateway, before Nimbus runs)',
                  content: { 'application/json': { schema: unauthorizedSchema } },
                },
              ],
            ]),
        ...problems.map((status) => [
          status,
          {
            description: 'Problem',
            content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
          },
        ]),
      ]),
    },
  };
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
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Problem: toSchema(problemView, 'output') },
    },
  };
}
