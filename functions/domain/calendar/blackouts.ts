/** Admin-managed blackout windows: create, list, read, change (If-Match), delete. Audited as `blackout-window`. */
import { requireAdmin } from '../shared/actor';
import { eventBy } from '../shared/audit-trail';
import type { Created, IdempotencyClaim } from '../shared/created';
import {
  BusinessRuleError,
  type FieldError,
  NotFoundError,
  PreconditionFailedError,
  PreconditionRequiredError,
  ValidationError,
} from '../shared/errors';
import { ulidPattern } from '../shared/ids';
import type { Page } from '../shared/page';
import { parseChanges, parseWith } from '../shared/validation';
import { requireCalendarReader } from './access';
import { type BlackoutService, type BlackoutWindow, blackoutRecord, diffBlackout, maxBlackoutDays } from './blackout';
import { createBlackoutSchema, listBlackoutsSchema, updateBlackoutSchema } from './commands';
import type { CalendarDeps } from './ports';
import { recurrenceErrors } from './recurrence';

type BlackoutDeps = Pick<CalendarDeps, 'actor' | 'clock' | 'ids' | 'blackouts' | 'services'>;

/** The window's own rules: end after start, not longer than `maxBlackoutDays`, a valid rule that starts at start. */
export function blackoutErrors(window: Pick<BlackoutWindow, 'start' | 'end' | 'recurrence'>): FieldError[] {
  const length = Date.parse(window.end) - Date.parse(window.start);
  if (length <= 0) return [{ path: 'end', message: 'end must be after start' }];
  if (length > maxBlackoutDays * 86_400_000) {
    return [{ path: 'end', message: `A blackout window lasts at most ${maxBlackoutDays} days` }];
  }
  return window.recurrence === undefined ? [] : recurrenceErrors(window.recurrence, window.start);
}

function check(window: Pick<BlackoutWindow, 'start' | 'end' | 'recurrence'>): void {
  const errors = blackoutErrors(window);
  if (errors.length) throw new ValidationError(errors);
}

/** `{ id }` → the business service's name (422 UNKNOWN_SERVICE naming the field); `{ name }` as given. */
async function resolveServices(
  input: readonly ({ id: string } | { name: string })[],
  deps: Pick<BlackoutDeps, 'services'>,
): Promise<BlackoutService[]> {
  const resolved: BlackoutService[] = [];
  const unknown: FieldError[] = [];
  for (const [i, item] of input.entries()) {
    if ('id' in item) {
      const service = await deps.services.getService(item.id);
      if (service) resolved.push({ id: service.id, name: service.name });
      else unknown.push({ path: `services.${i}.id`, message: `There is no business service ${item.id}` });
    } else resolved.push({ name: item.name });
  }
  if (unknown.length) throw new BusinessRuleError('UNKNOWN_SERVICE', 'A blackout names an unknown service', unknown);
  return resolved;
}

export async function createBlackout(
  input: unknown,
  deps: BlackoutDeps,
  idempotency?: IdempotencyClaim,
): Promise<Created<BlackoutWindow>> {
  const { actor, clock, ids, blackouts } = deps;
  requireAdmin(actor, 'create blackout windows');
  const cmd = parseWith(createBlackoutSchema, input);
  const shape = { start: cmd.start, end: cmd.end, ...(cmd.recurrence ? { recurrence: cmd.recurrence } : {}) };
  check(shape);
  const services = await resolveServices(cmd.services, deps);
  const at = clock.now().toISOString();
  const window: BlackoutWindow = {
    id: ids.next(),
    name: cmd.name,
    reason: cmd.reason,
    ...shape,
    services,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  const event = eventBy(deps, blackoutRecord(window), 'created', at, diffBlackout(undefined, window));
  return blackouts.create(window, event, idempotency);
}

export async function listBlackouts(query: unknown, deps: BlackoutDeps): Promise<Page<BlackoutWindow>> {
  requireCalendarReader(deps.actor, 'read blackout windows');
  return deps.blackouts.list(parseWith(listBlackoutsSchema, query));
}

async function loadBlackout(id: string, deps: BlackoutDeps): Promise<BlackoutWindow> {
  const window = ulidPattern.test(id) ? await deps.blackouts.get(id) : undefined;
  if (!window) throw new NotFoundError('Blackout window');
  return window;
}

export async function getBlackout(id: string, deps: BlackoutDeps): Promise<BlackoutWindow> {
  requireCalendarReader(deps.actor, 'read blackout windows');
  return loadBlackout(id, deps);
}

export async function updateBlackout(
  id: string,
  ifMatch: number | undefined,
  input: unknown,
  deps: BlackoutDeps,
): Promise<BlackoutWindow> {
  const { actor, clock, blackouts } = deps;
  requireAdmin(actor, 'change blackout windows');
  const changes = parseChanges(updateBlackoutSchema, input);
  if (ifMatch === undefined) throw new PreconditionRequiredError();
  const current = await loadBlackout(id, deps);
  if (current.version !== ifMatch) throw new PreconditionFailedError('Blackout window', ifMatch, current.version);

  const { recurrence, services, ...plain } = changes;
  const next: { -readonly [K in keyof BlackoutWindow]: BlackoutWindow[K] } = { ...current };
  for (const [field, value] of Object.entries(plain)) {
    if (value !== undefined) (next as Record<string, unknown>)[field] = value;
  }
  if (recurrence === null) delete next.recurrence;
  else if (recurrence !== undefined) next.recurrence = recurrence;
  if (services !== undefined) next.services = await resolveServices(services, deps);
  check(next);

  const diff = diffBlackout(current, next);
  if (diff.length === 0) return current;
  const at = clock.now().toISOString();
  const stored = { ...next, updatedAt: at, version: current.version + 1 };
  const event = eventBy(deps, blackoutRecord(stored), 'updated', at, diff);
  return blackouts.update(stored, current.version, event);
}

/** Deletes a window (If-Match optional: without it, the version just read). */
export async function deleteBlackout(id: string, ifMatch: number | undefined, deps: BlackoutDeps): Promise<void> {
  const { actor, clock, blackouts } = deps;
  requireAdmin(actor, 'delete blackout windows');
  const current = await loadBlackout(id, deps);
  const expected = ifMatch ?? current.version;
  if (current.version !== expected) throw new PreconditionFailedError('Blackout window', expected, current.version);
  const at = clock.now().toISOString();
  const event = eventBy(deps, blackoutRecord(current), 'deleted', at, diffBlackout(current, undefined));
  await blackouts.delete(id, expected, event);
}
