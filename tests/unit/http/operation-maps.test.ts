/**
 * Operation maps and schema maps are typed from the routes: what this file shows is checked by `npm run typecheck`
 * (each `@ts-expect-error` must meet an error, or the typecheck fails); vitest only runs the trivial bodies.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { groupOperations } from '../../../functions/http/groups/operations';
import { incidentOperations } from '../../../functions/http/incidents/operations';
import { type PracticeOperations, practiceRouter } from '../../../functions/http/kernel/practice-router';
import type { PracticeSchemas } from '../../../functions/http/kernel/schemas';
import type { OperationHandler } from '../../../functions/http/kernel/types';
import type { metaOperations } from '../../../functions/http/meta/operations';
import type { OperationOf } from '../../../functions/http/routes';
import type { routingOperations } from '../../../functions/http/routing/operations';

const ok: OperationHandler = async () => ({ status: 204 });

describe('operation maps typed per practice', () => {
  it("name exactly the operations of the practice's routes", () => {
    expectTypeOf<OperationOf<'meta'>>().toEqualTypeOf<'getMe' | 'getOpenApi'>();
    expectTypeOf<keyof typeof metaOperations>().toEqualTypeOf<OperationOf<'meta'>>();
    expectTypeOf<keyof typeof incidentOperations>().toEqualTypeOf<OperationOf<'incidents'>>();
    expectTypeOf<keyof typeof routingOperations>().toEqualTypeOf<OperationOf<'routing'>>();
    expectTypeOf<keyof typeof groupOperations>().toEqualTypeOf<OperationOf<'groups'>>();
    expectTypeOf<'createIncident'>().not.toExtend<OperationOf<'groups'>>();
  });

  it('refuse a missing operation', () => {
    // @ts-expect-error getOpenApi is missing
    const missing: PracticeOperations<'meta'> = { getMe: ok };
    expect(missing).toBeDefined();
  });

  it('refuse a misspelled operation', () => {
    // @ts-expect-error getme is no operation of meta (and getMe is missing)
    const misspelled: PracticeOperations<'meta'> = { getme: ok, getOpenApi: ok };
    expect(misspelled).toBeDefined();
  });

  it("refuse another practice's operation", () => {
    // @ts-expect-error createIncident belongs to the incidents practice
    const foreign: PracticeOperations<'meta'> = { getMe: ok, getOpenApi: ok, createIncident: ok };
    expect(foreign).toBeDefined();
  });

  it('refuse a practice no route names, and a wrong map for a practice, at the router', () => {
    // @ts-expect-error there is no practice "incident"
    expect(() => practiceRouter('incident', incidentOperations)).toThrow(/no route/);
    // @ts-expect-error the groups router is not given the incidents map
    expect(() => practiceRouter('groups', incidentOperations)).toThrow(/no handler/);
  });

  it('type the schema maps the same way', () => {
    const schemas = { getMe: { success: 200 }, getOpenApi: { success: 200 } };
    expectTypeOf(schemas).toExtend<PracticeSchemas<'meta'>>();
    // @ts-expect-error every operation needs its schemas: getOpenApi has none
    const missing: PracticeSchemas<'meta'> = { getMe: { success: 200 } };
    expect(missing).toBeDefined();
  });
});
