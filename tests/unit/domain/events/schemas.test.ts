import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catalogue, type DetailType, detailTypes, kebabOf } from '../../../../functions/domain/events/catalogue';
import { domainEventsOf } from '../../../../functions/domain/events/domain-events';
import type { DomainEvent } from '../../../../functions/domain/events/ports';
import type { AuditEvent } from '../../../../functions/domain/shared/audit';
import { anyAuditEvent } from '../../support/audit-events';
import { schemaErrors, schemas } from '../../support/event-schemas';

const docs = readFileSync(join(import.meta.dirname, '../../../../docs/events.md'), 'utf8');

describe('the event catalogue, its schemas and its documentation', () => {
  it('has one schema file per detail-type, and no schema without one', () => {
    expect(schemas.map((s) => s.file).sort()).toEqual(detailTypes.map((t) => `${kebabOf(t)}.schema.json`).sort());
    for (const { file, title, json } of schemas) {
      expect(file).toBe(`${kebabOf(title as DetailType)}.schema.json`);
      expect(json.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(json.additionalProperties).toBe(false);
      const properties = json.properties as Record<string, { const?: unknown }>;
      expect(properties.schemaVersion.const).toBe(catalogue[title as DetailType].schemaVersion);
    }
  });

  it('describes the fields every event shares the same way in every schema', () => {
    const shared = ['schemaVersion', 'recordId', 'actor', 'occurredAt'];
    const [first, ...others] = schemas.map((s) => s.json as { properties: Record<string, unknown>; $defs: unknown });
    for (const schema of others) {
      expect(schema.$defs).toEqual(first.$defs);
      for (const field of shared) expect(schema.properties[field]).toEqual(first.properties[field]);
    }
  });

  it('documents every detail-type in docs/events.md with a link to its schema, and nothing else', () => {
    const documented = [...docs.matchAll(/^### (.+)$/gm)].map((m) => m[1].trim());
    expect(documented.sort()).toEqual([...detailTypes].sort());
    for (const type of detailTypes) {
      const section = docs.split(`### ${type}\n`)[1].split(/^#{2,3} /m)[0];
      expect(section, type).toContain(`(../functions/domain/events/schemas/${kebabOf(type)}.schema.json)`);
      expect(section, type).toContain(`"detail-type": "${type}"`);
    }
  });

  it('validates each example of the documentation against its schema', () => {
    const examples = [...docs.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]));
    const envelopes = examples.filter((e) => e['detail-type'] && e.source === 'nimbus' && e.detail);
    expect(new Set(envelopes.map((e) => e['detail-type']))).toEqual(new Set(detailTypes));
    for (const e of envelopes) {
      const event: DomainEvent = { detailType: e['detail-type'], time: e.time, detail: e.detail };
      expect(schemaErrors(event)).toEqual([]);
    }
  });
});

describe('every published event validates against the schema of its detail-type', () => {
  it('for generated audit events of every practice, and they cover the whole catalogue', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(anyAuditEvent, (event) => {
        for (const published of domainEventsOf(event)) {
          seen.add(published.detailType);
          expect(schemaErrors(published)).toEqual([]);
        }
      }),
      { numRuns: 2000 },
    );
    expect([...seen].sort()).toEqual([...detailTypes].sort());
  });

  it('and a field the schema does not name fails it (a leak would not pass unseen)', () => {
    const event: AuditEvent = {
      id: '01JNV8A0000000000000000001',
      recordType: 'incident',
      recordId: '01JNV8A0000000000000000100',
      action: 'commented',
      actor: { id: 'u', username: 'u' },
      at: '2025-03-04T10:00:00.000Z',
      changes: [{ field: 'comment', before: null, after: '01JNV8A0000000000000000200' }],
      visibility: 'public',
    };
    const [published] = domainEventsOf(event);

    expect(schemaErrors(published)).toEqual([]);
    expect(schemaErrors({ ...published, detail: { ...published.detail, body: 'hello' } })).not.toEqual([]);
    expect(schemaErrors({ ...published, detailType: 'Incident Created' })).not.toEqual([]);
  });
});
