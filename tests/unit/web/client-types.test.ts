import { describe, expect, it } from 'vitest';
import { committedClientTypes, generateClientTypes } from '../../../web/scripts/client-types';

describe('the console API client types (web/src/api/schema.d.ts)', () => {
  it('are exactly what openapi-typescript generates from the served OpenAPI document (run npm run web:client)', async () => {
    const fresh = await generateClientTypes();
    expect(fresh).toContain('export interface paths');
    expect(committedClientTypes() === fresh, 'web/src/api/schema.d.ts is stale: run `npm run web:client`').toBe(true);
  });
});
