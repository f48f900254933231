/** Checks responses against the OpenAPI document the server serves, as a validating proxy (e.g. Prism) would. */
import Ajv2020 from 'ajv/dist/2020';

type Json = Record<string, unknown>;
interface Doc {
  readonly paths: Record<string, Record<string, { responses: Record<string, Json> }>>;
  readonly components: { readonly schemas: Record<string, Json> };
}

/** Refs to `#/components/schemas/X` as refs to `#/$defs/X`, so a response schema compiles on its own. */
const rebase = (schema: unknown): unknown =>
  JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', '"#/$defs/'));

export function contractOf(document: unknown) {
  const doc = document as Doc;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const defs = rebase(doc.components.schemas);

  /** Why this response is not one the document allows for `method path` (empty when it is). */
  return function violations(
    method: string,
    path: string,
    response: { status: number; headers: Headers; body: unknown },
  ): string[] {
    const op = doc.paths[path]?.[method.toLowerCase()];
    if (!op) return [`the document has no operation ${method} ${path}`];
    const declared = op.responses[String(response.status)] as { content?: Record<string, { schema: Json }> };
    if (!declared) return [`${method} ${path} does not declare ${response.status}`];
    const contentType = (response.headers.get('content-type') ?? '').split(';')[0].trim();
    if (!declared.content) return response.body === undefined ? [] : [`${response.status} declares no body`];
    const media = declared.content[contentType];
    if (!media) return [`${response.status} is not declared as ${contentType}`];
    const validate = ajv.compile({ ...(rebase(media.schema) as Json), $defs: defs });
    if (validate(response.body)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
  };
}
