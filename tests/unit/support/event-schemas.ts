/** The JSON Schemas of `functions/domain/events/schemas/`, compiled once with ajv (draft 2020-12, with formats). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { DomainEvent } from '../../../functions/domain/events/ports';

export const schemaDir = join(import.meta.dirname, '../../../functions/domain/events/schemas');

export interface EventSchema {
  readonly file: string;
  readonly title: string;
  readonly json: Record<string, unknown>;
}

export const schemas: EventSchema[] = readdirSync(schemaDir)
  .filter((f) => f.endsWith('.schema.json'))
  .map((file) => {
    const json = JSON.parse(readFileSync(join(schemaDir, file), 'utf8'));
    return { file, title: json.title, json };
  });

const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
const validators = new Map(schemas.map((s) => [s.title, ajv.compile(s.json)]));

/** Why `event` does not match the schema of its detail-type (empty when it does). */
export function schemaErrors(event: DomainEvent): string[] {
  const validate = validators.get(event.detailType);
  if (!validate) return [`no schema titled ${event.detailType}`];
  // What a subscriber receives: the detail as JSON.
  if (validate(JSON.parse(JSON.stringify(event.detail)))) return [];
  return (validate.errors ?? []).map(
    (e) => `${event.detailType} ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`,
  );
}
