import { describe, expect, it } from 'vitest';
import { BlackoutConflictError } from '../../../functions/domain/changes/errors';
import { InvalidTransitionError, PreconditionFailedError } from '../../../functions/domain/shared/errors';
import { problemBody } from '../../../functions/http/kernel/problem';
import { type ProblemType, problemTypes } from '../../../functions/http/kernel/schemas';
import { openApiDocument } from '../../../functions/http/openapi';
import { routes } from '../../../functions/http/routes';

type Operation = {
  operationId: string;
  security?: unknown[];
  parameters: { name: string; in: string; required: boolean }[];
  requestBody?: { required: boolean; content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, unknown>;
};
type Doc = {
  openapi: string;
  info: { license?: unknown };
  servers?: unknown[];
  security: unknown[];
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown> };
};

const doc = openApiDocument() as Doc;
const operations = Object.entries(doc.paths).flatMap(([path, byMethod]) =>
  Object.entries(byMethod).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
);
const operationFor = (operationId: string) => {
  const found = operations.find((o) => o.op.operationId === operationId);
  if (!found) throw new Error(`no operation ${operationId}`);
  return found.op;
};

describe('openApiDocument', () => {
  it('is an OpenAPI 3.1.0 document protected by a bearer token by default', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.security).toEqual([{ bearer: [] }]);
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('names its server (relative: the API that served it) and its licence', () => {
    expect(doc.servers).toEqual([{ url: '/', description: expect.any(String) }]);
    expect(doc.info.license).toEqual({ name: 'Apache 2.0', identifier: 'Apache-2.0' });
    expect(openApiDocument('https://api.example.org').servers).toMatchObject([{ url: 'https://api.example.org' }]);
  });

  it('has exactly one operation per route, under its method and path, with its operationId', () => {
    expect(operations).toHaveLength(routes.length);
    for (const route of routes) {
      expect(doc.paths[route.path]?.[route.method.toLowerCase()]?.operationId).toBe(route.operation);
    }
  });

  it('opens public routes with security: [] and leaves the default on every other route', () => {
    for (const route of routes) {
      const op = operationFor(route.operation);
      if ('public' in route) expect(op.security, route.operation).toEqual([]);
      else expect(op, route.operation).not.toHaveProperty('security');
    }
  });

  it('refuses unknown fields in the bodies of createIncident and updateIncident', () => {
    for (const id of ['createIncident', 'updateIncident', 'addComment']) {
      const schema = operationFor(id).requestBody?.content['application/json'].schema;
      expect(schema, id).toMatchObject({ type: 'object', additionalProperties: false });
    }
  });

  it('requires the fields a new incident needs', () => {
    const schema = operationFor('createIncident').requestBody?.content['application/json'].schema;
    expect([...((schema?.required as string[]) ?? [])].sort()).toEqual(['description', 'impact', 'title', 'urgency']);
  });

  it('declares path parameters, If-Match on PATCH and Idempotency-Key on POST', () => {
    const update = operationFor('updateIncident');
    expect(update.parameters).toContainEqual(expect.objectContaining({ name: 'id', in: 'path', required: true }));
    expect(update.parameters).toContainEqual(
      expect.objectContaining({ name: 'If-Match', in: 'header', required: true }),
    );
    expect(update.responses).toHaveProperty('412');
    expect(update.responses).toHaveProperty('428');
    expect(operationFor('createIncident').parameters).toContainEqual(
      expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false }),
    );
  });

  it('declares If-Match only where it is honoured, and a Location on 202 Accepted', () => {
    const ifMatch = expect.objectContaining({ name: 'If-Match', in: 'header' });
    expect(operationFor('deleteRoutingRule').parameters).toContainEqual(ifMatch);
    expect(operationFor('removeSuppression').parameters).not.toContainEqual(ifMatch);
    expect(operationFor('removeMember').parameters).not.toContainEqual(ifMatch);
    const redrive = operationFor('redriveDeadLetter');
    expect(redrive.responses['202']).toMatchObject({
      headers: { Location: expect.any(Object), 'Idempotent-Replayed': expect.any(Object) },
    });
    expect(redrive.responses).toHaveProperty('409');
  });

  it('documents the 200 a create answers when the item already exists', () => {
    for (const id of ['addWatcher', 'addMember', 'addSuppression']) {
      const { responses } = operationFor(id);
      expect(responses, id).toHaveProperty('201');
      expect(responses['200'], id).toMatchObject({ content: { 'application/json': { schema: expect.any(Object) } } });
    }
    expect(operationFor('addMember').responses['200']).toMatchObject({ headers: { Location: expect.any(Object) } });
    expect(operationFor('addWatcher').responses['200']).not.toMatchObject({ headers: { Location: expect.anything() } });
    expect(operationFor('createIncident').responses).not.toHaveProperty('200');
  });

  it('says the three item DELETEs take no If-Match, and declares none', () => {
    const ifMatch = expect.objectContaining({ name: 'If-Match' });
    for (const id of ['removeWatcher', 'removeMember', 'removeLink']) {
      const op = operationFor(id) as Operation & { description?: string };
      expect(op.parameters, id).not.toContainEqual(ifMatch);
      expect(op.responses, id).not.toHaveProperty('428');
      expect(op.description, id).toMatch(/no If-Match/);
    }
  });

  it('states the header formats the kernel enforces, as patterns', () => {
    type Param = { name: string; schema: { pattern: string } };
    const param = (id: string, name: string) =>
      (operationFor(id).parameters as unknown as Param[]).find((p) => p.name === name)?.schema.pattern ?? '';
    const key = new RegExp(param('createIncident', 'Idempotency-Key'), 'u');
    expect(['a', 'retry-1', '~'.repeat(255)].every((k) => key.test(k))).toBe(true);
    expect(['', 'with space', 'é', 'x'.repeat(256)].some((k) => key.test(k))).toBe(false);
    const ifMatch = new RegExp(param('updateIncident', 'If-Match'), 'u');
    expect(['"3"', '3', ' "12" '].every((v) => ifMatch.test(v))).toBe(true);
    expect(['*', 'W/"3"', '"a"', ''].some((v) => ifMatch.test(v))).toBe(false);
  });

  it('states the cross-field rules in the operations’ descriptions', () => {
    const description = (id: string) => (operationFor(id) as Operation & { description?: string }).description;
    expect(description('listIncidents')).toMatch(/At most one of `requester`, `assignee` and `assignmentGroup`/);
    expect(description('addWatcher')).toMatch(/`userId` with\s+`username`/);
    for (const id of ['createRoutingRule', 'updateRoutingRule'])
      expect(description(id), id).toMatch(/at least one of `assignmentGroup`, `priority` or `watchers`/);
  });

  it('links each create to the read of what it made, with parameters the create response and path provide', () => {
    type Link = { operationId: string; parameters: Record<string, string> };
    const linked: string[] = [];
    for (const { path, op } of operations) {
      const created = op.responses['201'] as
        | { links?: Record<string, Link>; content?: { 'application/json': { schema: Record<string, unknown> } } }
        | undefined;
      for (const link of Object.values(created?.links ?? {})) {
        linked.push(op.operationId);
        const target = operations.find((o) => o.op.operationId === link.operationId);
        expect(target?.method, link.operationId).toBe('GET');
        const targetParams = target?.op.parameters.filter((p) => p.in === 'path').map((p) => p.name) ?? [];
        expect(Object.keys(link.parameters).sort(), op.operationId).toEqual(targetParams.sort());
        for (const expression of Object.values(link.parameters)) {
          const fromPath = /^\$request\.path\.(\w+)$/.exec(expression);
          if (fromPath) {
            expect(path, op.operationId).toContain(`{${fromPath[1]}}`);
            continue;
          }
          const pointer = /^\$response\.body#\/(.+)$/.exec(expression)?.[1];
          expect(pointer, expression).toBeDefined();
          let schema: Record<string, unknown> | undefined = created?.content?.['application/json'].schema;
          for (const step of (pointer as string).split('/'))
            schema = (schema?.properties as Record<string, Record<string, unknown>> | undefined)?.[step];
          expect(schema, `${op.operationId} ${expression}`).toMatchObject({ type: 'string' });
        }
      }
    }
    expect(linked).toEqual(expect.arrayContaining(['createIncident', 'addComment', 'addMember', 'addSuppression']));
  });

  it('documents the list filters as query parameters', () => {
    const names = operationFor('listIncidents')
      .parameters.filter((p) => p.in === 'query')
      .map((p) => p.name);
    expect(names.sort()).toEqual(['assignee', 'assignmentGroup', 'cursor', 'limit', 'requester', 'status', 'watching']);
  });

  it('answers problems as problem+json with the shared Problem schema', () => {
    const notFound = operationFor('getIncident').responses['404'];
    expect(notFound).toMatchObject({
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    });
    expect(doc.components.schemas.Problem).toMatchObject({ required: ['type', 'title', 'status', 'code'] });
  });

  it('declares each problem type with the extension members its domain error carries', () => {
    const bodies = {
      VERSION_MISMATCH: problemBody(new PreconditionFailedError('Incident', 2, 3)),
      INVALID_TRANSITION: problemBody(new InvalidTransitionError('new', 'closed', ['resolved'])),
      BLACKOUT_CONFLICT: problemBody(
        new BlackoutConflictError([{ blackoutId: 'b', name: 'Freeze', start: '2026-01-01', end: '2026-01-02' }]),
      ),
    };
    for (const [code, body] of Object.entries(bodies)) {
      const schema = doc.components.schemas[problemTypes[code as ProblemType].schemaName] as {
        properties: Record<string, unknown>;
        additionalProperties: boolean;
      };
      expect(schema.additionalProperties, code).toBe(false);
      for (const member of Object.keys(body)) expect(schema.properties, `${code}.${member}`).toHaveProperty(member);
    }
    expect(Object.keys(bodies).sort()).toEqual(Object.keys(problemTypes).sort());
  });

  it('answers every 412 with the VersionMismatchProblem, and invalid transitions beside the plain 422s', () => {
    for (const { op } of operations) {
      const precondition = op.responses['412'];
      if (precondition)
        expect(precondition, op.operationId).toMatchObject({
          content: {
            'application/problem+json': { schema: { $ref: '#/components/schemas/VersionMismatchProblem' } },
          },
        });
    }
    expect(operationFor('updateIncident').responses['422']).toMatchObject({
      content: {
        'application/problem+json': {
          schema: {
            anyOf: [
              { $ref: '#/components/schemas/Problem' },
              { $ref: '#/components/schemas/InvalidTransitionProblem' },
            ],
          },
        },
      },
    });
  });

  it('can be serialised as JSON without losing anything', () => {
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });
});
