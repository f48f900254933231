import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { ulidPattern } from '../../../functions/domain/shared/ids';
import { sampleIds } from '../../../functions/http/kernel/examples';
import { openApiDocument, operationSchemas } from '../../../functions/http/openapi';
import type { Operation } from '../../../functions/http/routes';

type Json = Record<string, unknown>;
interface Media {
  readonly schema: Json;
  readonly example?: unknown;
  readonly examples?: Record<string, { readonly $ref: string }>;
}
interface OperationObject {
  readonly operationId: Operation;
  readonly requestBody?: { readonly content: Record<string, Media> };
  readonly responses: Record<string, { readonly content?: Record<string, Media> }>;
}
interface Doc {
  readonly paths: Record<string, Record<string, OperationObject>>;
  readonly components: {
    readonly schemas: Record<string, Json>;
    readonly examples: Record<string, { readonly summary: string; readonly value: Json }>;
  };
}

const doc = openApiDocument() as unknown as Doc;
const operations = Object.entries(doc.paths).flatMap(([path, byMethod]) =>
  Object.entries(byMethod).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, op })),
);

/** Strict ajv (draft 2020-12, as OpenAPI 3.1), with the document's component schemas as `$defs`. */
const ajv = addFormats(new Ajv2020({ strict: true, allErrors: true }));
const defs = JSON.parse(JSON.stringify(doc.components.schemas).replaceAll('"#/components/schemas/', '"#/$defs/'));
function validatorOf(schema: Json): ValidateFunction {
  const rebased = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', '"#/$defs/'));
  return ajv.compile({ ...rebased, $defs: defs });
}
function violations(schema: Json, example: unknown): string[] {
  const validate = validatorOf(schema);
  if (validate(example)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
}

/** Every JSON body the document declares: request bodies and JSON responses (success and "200 existing"). */
const jsonBodies = operations.flatMap(({ name, op }) => [
  ...(op.requestBody
    ? [{ name, op, where: 'request', media: op.requestBody.content['application/json'] as Media | undefined }]
    : []),
  ...Object.entries(op.responses)
    .filter(([, response]) => response.content?.['application/json'])
    .map(([status, response]) => ({
      name,
      op,
      where: `response ${status}`,
      media: response.content?.['application/json'] as Media | undefined,
    })),
]);

describe('the examples in the OpenAPI document', () => {
  it('cover every operation: a request example per JSON request body, a response example per JSON response', () => {
    const without = jsonBodies.filter((b) => b.media?.schema && b.media.example === undefined);
    expect(without.map((b) => `${b.name} ${b.where}`)).toEqual([]);
    // …and the document has a JSON body wherever the schemas say there is one (so the check above saw them all).
    const withBody = operations.filter(({ op }) => operationSchemas[op.operationId].body);
    const withResponse = operations.filter(({ op }) => operationSchemas[op.operationId].response);
    expect(withBody.length).toBeGreaterThan(20);
    expect(withResponse.length).toBeGreaterThan(60);
    for (const { name, op } of withBody) expect(op.requestBody?.content['application/json'], name).toBeDefined();
    for (const { name, op } of withResponse) {
      const success = Object.entries(op.responses).find(([status]) => /^2/.test(status))?.[1];
      expect(success?.content?.['application/json'], name).toBeDefined();
    }
  });

  it('each validates against its JSON Schema in the document (ajv, draft 2020-12, strict, formats)', () => {
    const failures = jsonBodies.flatMap((b) =>
      b.media?.example === undefined
        ? []
        : violations(b.media.schema, b.media.example).map((v) => `${b.name} ${b.where}: ${v}`),
    );
    expect(failures).toEqual([]);
  });

  it('request examples parse with the zod body schema the handler validates with', () => {
    const failures = operations.flatMap(({ name, op }) => {
      const body = operationSchemas[op.operationId].body;
      const example = op.requestBody?.content['application/json']?.example;
      if (!body || example === undefined) return [];
      const parsed = z.safeParse(body, example);
      return parsed.success ? [] : [`${name}: ${JSON.stringify(parsed.error.issues)}`];
    });
    expect(failures).toEqual([]);
  });

  it('would catch an example that drifts from its schema', () => {
    const create = operations.find((o) => o.op.operationId === 'createIncident')?.op;
    const media = create?.responses['201'].content?.['application/json'];
    const example = media?.example as Json | undefined;
    if (!media || !example) throw new Error('createIncident has no 201 example');
    const { number: _gone, ...withoutNumber } = example;
    expect(violations(media.schema, withoutNumber).join()).toContain('number');
    expect(violations(media.schema, { ...example, number: 'INC1' }).join()).toContain('pattern');
    const request = create?.requestBody?.content['application/json']?.example as Json;
    const body = operationSchemas.createIncident.body as z.ZodMiniType;
    expect(z.safeParse(body, request).success).toBe(true);
    expect(z.safeParse(body, { ...request, impact: 4 }).success).toBe(false);
  });

  it('give every problem response the problem examples its schema allows, each valid against it', () => {
    const problems = operations.flatMap(({ name, op }) =>
      Object.entries(op.responses)
        .filter(([, r]) => r.content?.['application/problem+json'])
        .map(([status, r]) => ({ name, status, media: r.content?.['application/problem+json'] as Media })),
    );
    expect(problems.length).toBeGreaterThan(300);
    const failures = problems.flatMap(({ name, status, media }) => {
      const refs = Object.values(media.examples ?? {});
      if (refs.length === 0) return [`${name} ${status}: no example`];
      return refs.flatMap(({ $ref }) => {
        const example = doc.components.examples[$ref.replace('#/components/examples/', '')];
        if (!example) return [`${name} ${status}: ${$ref} is not in components.examples`];
        if (String(example.value.status) !== status) return [`${name} ${status}: ${$ref} has another status`];
        return violations(media.schema, example.value).map((v) => `${name} ${status} ${$ref}: ${v}`);
      });
    });
    expect(failures).toEqual([]);
    // 412 is always a VERSION_MISMATCH, with its extension members.
    expect(doc.components.examples.VersionMismatchProblem.value).toMatchObject({
      status: 412,
      code: 'VERSION_MISMATCH',
      expectedVersion: 1,
      currentVersion: 2,
    });
  });

  it('use ULIDs for record ids, as the server makes them', () => {
    for (const [name, id] of Object.entries(sampleIds)) expect(id, name).toMatch(ulidPattern);
  });
});
