/**
 * Standard-change templates (admin-managed): pre-approved work whose plans are fixed. A standard change made from
 * an active template goes `draft → scheduled` without CAB. `active: false` retires a template (no new changes).
 */
import * as z from 'zod/mini';
import { requireAdmin } from '../shared/actor';
import type { AuditEvent } from '../shared/audit';
import { diffFields, eventBy } from '../shared/audit-trail';
import type { CallerDeps } from '../shared/caller';
import type { Created, IdempotencyClaim } from '../shared/created';
import { NotFoundError, PreconditionFailedError, PreconditionRequiredError } from '../shared/errors';
import type { Page, PageRequest } from '../shared/page';
import { pageQuerySchema, text } from '../shared/schemas';
import { parseChanges, parseWith } from '../shared/validation';
import type { AffectedItem } from './change';

export interface ChangeTemplate {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** The title changes made from it start with. */
  readonly title: string;
  readonly implementationPlan: string;
  readonly backoutPlan: string;
  readonly testPlan: string;
  readonly services: readonly AffectedItem[];
  readonly cis: readonly AffectedItem[];
  /** plannedEnd = plannedStart + this, when a change gives only the start. */
  readonly defaultDurationMinutes: number;
  readonly active: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

export type TemplateEvent = AuditEvent<'created' | 'updated'>;

export interface ChangeTemplateRepository {
  create(
    template: ChangeTemplate,
    event: TemplateEvent,
    idempotency?: IdempotencyClaim,
  ): Promise<Created<ChangeTemplate>>;
  get(id: string): Promise<ChangeTemplate | undefined>;
  list(page: PageRequest): Promise<Page<ChangeTemplate>>;
  /** Replaces the template if its version is still `previous.version` (412 otherwise). */
  update(next: ChangeTemplate, previous: ChangeTemplate, event: TemplateEvent): Promise<ChangeTemplate>;
}

export interface ChangeTemplateDeps extends CallerDeps {
  readonly templates: ChangeTemplateRepository;
}

const affected = () => z.array(z.strictObject({ id: z.optional(text(128)), name: text(200) })).check(z.maxLength(50));

const templateFields = {
  name: text(200),
  description: text(10_000),
  title: text(200),
  implementationPlan: text(20_000),
  backoutPlan: text(20_000),
  testPlan: text(20_000),
  services: affected(),
  cis: affected(),
  defaultDurationMinutes: z.int().check(z.gte(5), z.lte(14 * 24 * 60)),
};

export const createTemplateSchema = z.strictObject({
  ...templateFields,
  services: z._default(templateFields.services, []),
  cis: z._default(templateFields.cis, []),
  defaultDurationMinutes: z._default(templateFields.defaultDurationMinutes, 60),
});

export const updateTemplateSchema = z.strictObject({
  name: z.optional(templateFields.name),
  description: z.optional(templateFields.description),
  title: z.optional(templateFields.title),
  implementationPlan: z.optional(templateFields.implementationPlan),
  backoutPlan: z.optional(templateFields.backoutPlan),
  testPlan: z.optional(templateFields.testPlan),
  services: z.optional(templateFields.services),
  cis: z.optional(templateFields.cis),
  defaultDurationMinutes: z.optional(templateFields.defaultDurationMinutes),
  active: z.optional(z.boolean()),
});

export const listTemplatesSchema = pageQuerySchema;

const templateAudited = [
  'name',
  'description',
  'title',
  'implementationPlan',
  'backoutPlan',
  'testPlan',
  'services',
  'cis',
  'defaultDurationMinutes',
  'active',
] as const satisfies readonly (keyof ChangeTemplate)[];

const record = (t: ChangeTemplate) => ({ recordType: 'change-template', recordId: `change-template:${t.id}` });

export async function createTemplate(
  input: unknown,
  deps: ChangeTemplateDeps,
  idempotency?: IdempotencyClaim,
): Promise<Created<ChangeTemplate>> {
  requireAdmin(deps.actor, 'manage change templates');
  const cmd = parseWith(createTemplateSchema, input);
  const at = deps.clock.now().toISOString();
  const template: ChangeTemplate = {
    id: deps.ids.next(),
    ...cmd,
    services: cmd.services.map((s) => ({ kind: 'service' as const, ...s })),
    cis: cmd.cis.map((c) => ({ kind: 'ci' as const, ...c })),
    active: true,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  const event = eventBy(deps, record(template), 'created', at, diffFields(undefined, template, templateAudited));
  return deps.templates.create(template, event, idempotency);
}

/** Every signed-in user reads templates (requesters raise standard changes from them). */
export async function getTemplate(id: string, deps: ChangeTemplateDeps): Promise<ChangeTemplate> {
  const template = await deps.templates.get(id.toUpperCase());
  if (!template) throw new NotFoundError('Change template');
  return template;
}

export function listTemplates(query: unknown, deps: ChangeTemplateDeps): Promise<Page<ChangeTemplate>> {
  return deps.templates.list(parseWith(listTemplatesSchema, query));
}

export async function updateTemplate(
  id: string,
  ifMatch: number | undefined,
  input: unknown,
  deps: ChangeTemplateDeps,
): Promise<ChangeTemplate> {
  requireAdmin(deps.actor, 'manage change templates');
  const changes = parseChanges(updateTemplateSchema, input);
  if (ifMatch === undefined) throw new PreconditionRequiredError();
  const current = await getTemplate(id, deps);
  if (current.version !== ifMatch) throw new PreconditionFailedError('Change template', ifMatch, current.version);
  const at = deps.clock.now().toISOString();
  const next: ChangeTemplate = {
    ...current,
    ...changes,
    services: changes.services ? changes.services.map((s) => ({ kind: 'service' as const, ...s })) : current.services,
    cis: changes.cis ? changes.cis.map((c) => ({ kind: 'ci' as const, ...c })) : current.cis,
    updatedAt: at,
    version: current.version + 1,
  };
  const diff = diffFields(current, next, templateAudited);
  if (diff.length === 0) return current;
  return deps.templates.update(next, current, eventBy(deps, record(next), 'updated', at, diff));
}
