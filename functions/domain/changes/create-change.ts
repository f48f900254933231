import { namedCallerRef } from '../shared/audit-trail';
import type { Created, IdempotencyClaim } from '../shared/created';
import { BusinessRuleError, type FieldError, ValidationError } from '../shared/errors';
import { formatNumber } from '../shared/numbers';
import { parseWith } from '../shared/validation';
import { changeEvent, diffChange } from './audit';
import type { Change } from './change';
import { createChangeSchema } from './commands';
import type { ChangeDeps } from './deps';
import { checkWindow, ciItems, resolveChangeManager, resolvePerson, resolveServices, utc } from './references';
import type { ChangeTemplate } from './templates';

const planFields = ['implementationPlan', 'backoutPlan', 'testPlan'] as const;

/**
 * Any signed-in user raises a change; it starts in `draft`. A `standard` change comes from an active template, which
 * supplies its plans (pre-approved, so they cannot be given), services and CIs (unless given) and its duration.
 */
export async function createChange(
  input: unknown,
  deps: ChangeDeps,
  idempotency?: IdempotencyClaim,
): Promise<Created<Change>> {
  const cmd = parseWith(createChangeSchema, input);
  let template: ChangeTemplate | undefined;
  if (cmd.type === 'standard') {
    if (!cmd.templateId) {
      throw new ValidationError([{ path: 'templateId', message: 'A standard change is made from a template' }]);
    }
    const given = planFields.filter((f) => cmd[f] !== undefined);
    if (given.length > 0) {
      throw new ValidationError(
        given.map((path) => ({ path, message: 'A standard change takes its plans from its template' })),
      );
    }
    template = await deps.templates.get(cmd.templateId.toUpperCase());
    if (!template?.active) {
      const message = template
        ? `The change template ${cmd.templateId} is retired`
        : `There is no change template ${cmd.templateId}`;
      throw new BusinessRuleError(template ? 'RETIRED_TEMPLATE' : 'UNKNOWN_TEMPLATE', message, [
        { path: 'templateId', message },
      ]);
    }
  } else {
    const missing: FieldError[] = [
      ...(cmd.templateId ? [{ path: 'templateId', message: 'Only standard changes come from a template' }] : []),
      ...(['title', 'description', ...planFields] as const)
        .filter((f) => cmd[f] === undefined)
        .map((path) => ({ path, message: 'Required' })),
    ];
    if (missing.length > 0) throw new ValidationError(missing);
  }

  const plannedStart = cmd.plannedStart && utc(cmd.plannedStart);
  const plannedEnd =
    cmd.plannedEnd !== undefined
      ? utc(cmd.plannedEnd)
      : plannedStart && template
        ? new Date(Date.parse(plannedStart) + template.defaultDurationMinutes * 60_000).toISOString()
        : undefined;
  checkWindow(plannedStart, plannedEnd);

  // References first, then the number: a refused create writes nothing, not even a CHG number.
  const [requester, services, implementer, changeManager] = await Promise.all([
    namedCallerRef(deps),
    cmd.services ? resolveServices(cmd.services, deps) : Promise.resolve(template?.services ?? []),
    cmd.implementerId ? resolvePerson(cmd.implementerId, 'implementerId', deps) : undefined,
    cmd.changeManagerId ? resolveChangeManager(cmd.changeManagerId, deps) : undefined,
  ]);
  const sequence = await deps.sequences.next('CHG');
  const at = deps.clock.now().toISOString();
  const change: Change = {
    id: deps.ids.next(),
    number: formatNumber('CHG', sequence),
    title: cmd.title ?? template?.title ?? '',
    description: cmd.description ?? template?.description ?? '',
    type: cmd.type,
    ...(template ? { templateId: template.id } : {}),
    services: [...services],
    cis: cmd.cis ? ciItems(cmd.cis) : [...(template?.cis ?? [])],
    implementationPlan: template?.implementationPlan ?? cmd.implementationPlan ?? '',
    backoutPlan: template?.backoutPlan ?? cmd.backoutPlan ?? '',
    testPlan: template?.testPlan ?? cmd.testPlan ?? '',
    ...(plannedStart ? { plannedStart } : {}),
    ...(plannedEnd ? { plannedEnd } : {}),
    requester,
    ...(implementer ? { implementer } : {}),
    ...(changeManager ? { changeManager } : {}),
    status: 'draft',
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  const event = changeEvent(deps, change, 'created', at, diffChange(undefined, change));
  return deps.changes.create({ change, event, ...(idempotency ? { idempotency } : {}) });
}
