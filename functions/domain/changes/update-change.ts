/**
 * PATCH /changes/{id}: field edits, lifecycle moves, the risk assessment, the blackout override, the implementation
 * and review records — one conditional write (If-Match) with its audit event. The rules:
 * - who: see ./access.ts (requesters their own draft; change managers and admins everything a person may do; the
 *   implementer `scheduled → implement` and the implementation record);
 * - entering `authorize` needs a planned window and, for normal changes, a risk assessment; it starts a new approval
 *   round (`approval`) in the same write — the approval workflow's starter reacts to that event;
 * - a material edit (`materialFields`) of a normal or emergency change in `authorize` or `scheduled` sends it (back)
 *   to `authorize` with a new round: the old round's votes no longer count;
 * - scheduling checks conflicts (port `ConflictChecker`): a blackout blocks unless an emergency has an override,
 *   overlaps are kept on the change as warnings.
 */

import type { FieldChange } from '../shared/audit';
import { userRef } from '../shared/audit-trail';
import {
  BusinessRuleError,
  ConflictError,
  ForbiddenError,
  PreconditionFailedError,
  PreconditionRequiredError,
  ValidationError,
} from '../shared/errors';
import { parseChanges } from '../shared/validation';
import {
  allowedMoves,
  finalChangeStatuses,
  isImplementerOf,
  isSystemOnlyMove,
  mayEdit,
  mayMove,
  runsChanges,
} from './access';
import { approvalRuleFor } from './approval-rules';
import { changeEvent, diffChange } from './audit';
import { type Change, type ChangeStatus, changeTransitions, materialFields } from './change';
import { type UpdateChangeInput, updateChangeSchema } from './commands';
import { type ChangeDeps, defaultReviewDelayDays } from './deps';
import { BlackoutConflictError, ChangeTransitionError } from './errors';
import { loadVisibleChange } from './read-changes';
import { checkWindow, ciItems, resolveChangeManager, resolvePerson, resolveServices, utc } from './references';
import { scoreRisk } from './risk';

const editFields = [
  'title',
  'description',
  'services',
  'cis',
  'implementationPlan',
  'backoutPlan',
  'testPlan',
  'plannedStart',
  'plannedEnd',
  'implementerId',
  'changeManagerId',
  'riskAnswers',
] as const satisfies readonly (keyof UpdateChangeInput)[];

const planFields = ['implementationPlan', 'backoutPlan', 'testPlan'] as const;
const windowFields = ['plannedStart', 'plannedEnd', 'services', 'cis'] as const satisfies readonly (keyof Change)[];
const dayMs = 24 * 3600 * 1000;

const differs = (a: unknown, b: unknown) => JSON.stringify(a ?? null) !== JSON.stringify(b ?? null);

export async function updateChange(
  idOrNumber: string,
  ifMatch: number | undefined,
  input: unknown,
  deps: ChangeDeps,
): Promise<Change> {
  const cmd = parseChanges(updateChangeSchema, input);
  if (ifMatch === undefined) throw new PreconditionRequiredError();
  let current = await loadVisibleChange(idOrNumber, deps);
  if (current.version !== ifMatch) {
    // A read by number comes from an eventually consistent index: confirm on the record before refusing.
    current = (await deps.changes.get(current.id)) ?? current;
  }
  if (current.version !== ifMatch) throw new PreconditionFailedError('Change', ifMatch, current.version);
  return applyChangeUpdate(current, cmd, deps);
}

/** The status a request moves the change to: `status`, or what the implementation or review record implies. */
function targetOf(current: Change, cmd: UpdateChangeInput): ChangeStatus {
  const implied = cmd.implementation
    ? cmd.implementation.outcome === 'failed'
      ? 'failed'
      : current.status
    : cmd.review
      ? 'closed'
      : undefined;
  if (cmd.status !== undefined && implied !== undefined && cmd.status !== implied) {
    throw new ValidationError([
      { path: 'status', message: `The ${cmd.implementation ? 'implementation' : 'review'} record sets the status` },
    ]);
  }
  return cmd.status ?? implied ?? current.status;
}

function checkMove(current: Change, to: ChangeStatus, cmd: UpdateChangeInput, deps: ChangeDeps): void {
  const { actor } = deps;
  const from = current.status;
  if (from === to) return;
  const viaRecord = (to === 'failed' && cmd.implementation) || (to === 'closed' && cmd.review);
  if (!changeTransitions[from].includes(to)) throw new ChangeTransitionError(from, to, allowedMoves(actor, current));
  if (isSystemOnlyMove(from, to)) {
    throw new ChangeTransitionError(
      from,
      to,
      allowedMoves(actor, current),
      'the approval workflow decides it once the approvers have voted',
    );
  }
  if (to === 'scheduled' && from === 'draft' && current.type !== 'standard') {
    throw new ChangeTransitionError(from, to, allowedMoves(actor, current), 'only standard changes skip authorisation');
  }
  if (to === 'authorize' && current.type === 'standard') {
    throw new ChangeTransitionError(from, to, allowedMoves(actor, current), 'standard changes are pre-approved');
  }
  if (!viaRecord && !mayMove(actor, current, to)) {
    throw new ForbiddenError(`move this change from ${from} to ${to}`);
  }
  if (to === 'closed' && !cmd.review) {
    throw new BusinessRuleError('REVIEW_REQUIRED', 'A change closes with its post-implementation review', [
      { path: 'review', message: 'Send the review outcome and lessons learned' },
    ]);
  }
  if (from === 'implement' && !current.implementation && !cmd.implementation) {
    throw new BusinessRuleError('IMPLEMENTATION_REQUIRED', 'Record how the implementation went first', [
      { path: 'implementation', message: 'Send the outcome and notes' },
    ]);
  }
  if (to === 'cancelled' && !cmd.closeReason) {
    throw new BusinessRuleError('CLOSE_REASON_REQUIRED', 'Say why the change is cancelled', [
      { path: 'closeReason', message: 'Required when cancelling' },
    ]);
  }
}

export async function applyChangeUpdate(current: Change, cmd: UpdateChangeInput, deps: ChangeDeps): Promise<Change> {
  const { actor, clock } = deps;
  if (finalChangeStatuses.includes(current.status)) {
    throw new BusinessRuleError('CHANGE_CLOSED', `${current.number} is ${current.status}; it no longer changes`);
  }
  const edits = editFields.filter((f) => cmd[f] !== undefined);
  if (edits.length > 0 && !mayEdit(actor, current)) {
    throw new ForbiddenError('edit this change; requesters edit their own changes while in draft');
  }
  if (current.type === 'standard') {
    const fixed = planFields.filter((f) => cmd[f] !== undefined);
    if (fixed.length > 0) {
      throw new BusinessRuleError(
        'TEMPLATE_FIXED',
        'A standard change keeps the plans of its pre-approved template',
        fixed.map((path) => ({ path, message: 'Comes from the template' })),
      );
    }
  }
  if (cmd.blackoutOverride) {
    if (!runsChanges(actor)) throw new ForbiddenError('override a blackout window');
    if (current.type !== 'emergency') {
      throw new BusinessRuleError('OVERRIDE_NOT_ALLOWED', 'Only emergency changes may override a blackout window', [
        { path: 'blackoutOverride', message: 'Only for emergency changes' },
      ]);
    }
  }
  if (cmd.implementation) {
    if (!runsChanges(actor) && !isImplementerOf(actor, current)) {
      throw new ForbiddenError('record the implementation of this change');
    }
    if (current.status !== 'implement') {
      throw new BusinessRuleError('NOT_IN_IMPLEMENTATION', 'The implementation is recorded while in implement', [
        { path: 'implementation', message: `The change is ${current.status}` },
      ]);
    }
    if (current.implementation)
      throw new ConflictError('The implementation is already recorded', 'IMPLEMENTATION_RECORDED');
  }
  if (cmd.review) {
    if (!runsChanges(actor)) throw new ForbiddenError('record the post-implementation review');
    if (current.status !== 'review') {
      throw new BusinessRuleError('NOT_IN_REVIEW', 'The review is recorded once the change is in review', [
        { path: 'review', message: `The change is ${current.status}` },
      ]);
    }
  }
  let target = targetOf(current, cmd);
  checkMove(current, target, cmd, deps);

  const at = clock.now().toISOString();
  const by = userRef(actor);
  const [services, implementer, changeManager, questions] = await Promise.all([
    cmd.services ? resolveServices(cmd.services, deps) : undefined,
    cmd.implementerId ? resolvePerson(cmd.implementerId, 'implementerId', deps) : undefined,
    cmd.changeManagerId ? resolveChangeManager(cmd.changeManagerId, deps) : undefined,
    cmd.riskAnswers ? deps.riskQuestions.all() : undefined,
  ]);
  let next: Change = { ...current };
  const set = <K extends keyof Change>(key: K, value: Change[K] | undefined | null) => {
    const { [key]: _dropped, ...rest } = next;
    next = (value === undefined || value === null ? rest : { ...rest, [key]: value }) as Change;
  };
  if (cmd.title !== undefined) set('title', cmd.title);
  if (cmd.description !== undefined) set('description', cmd.description);
  if (services) set('services', services);
  if (cmd.cis) set('cis', ciItems(cmd.cis));
  for (const f of planFields) if (cmd[f] !== undefined) set(f, cmd[f]);
  if (cmd.plannedStart !== undefined) set('plannedStart', cmd.plannedStart && utc(cmd.plannedStart));
  if (cmd.plannedEnd !== undefined) set('plannedEnd', cmd.plannedEnd && utc(cmd.plannedEnd));
  if (cmd.implementerId !== undefined) set('implementer', implementer);
  if (cmd.changeManagerId !== undefined) set('changeManager', changeManager);
  checkWindow(next.plannedStart, next.plannedEnd);
  if (cmd.riskAnswers && questions) {
    const { score, level } = scoreRisk(questions, cmd.riskAnswers);
    set('risk', { answers: cmd.riskAnswers, score, level, assessedAt: at, assessedBy: by });
  }
  if (cmd.blackoutOverride) set('blackoutOverride', { reason: cmd.blackoutOverride.reason, by, at });
  if (cmd.closeReason !== undefined) set('closeReason', cmd.closeReason);
  if (cmd.implementation) {
    const days = deps.reviewDelayDays ?? defaultReviewDelayDays;
    set('implementation', {
      outcome: cmd.implementation.outcome,
      notes: cmd.implementation.notes,
      completedAt: at,
      by,
      reviewDueAt: new Date(Date.parse(at) + days * dayMs).toISOString(),
    });
  }
  if (cmd.review) {
    set('review', {
      outcome: cmd.review.outcome,
      lessonsLearned: cmd.review.lessonsLearned,
      ...(current.review?.openedAt ? { openedAt: current.review.openedAt } : {}),
      reviewedAt: at,
      reviewedBy: by,
    });
  }

  // A material edit of an authorised (or authorising) change needs a new authorisation round.
  const authorised = current.status === 'authorize' || current.status === 'scheduled';
  const material = materialFields.some((f) => differs(current[f], next[f]));
  const reRound =
    authorised && material && current.type !== 'standard' && (target === current.status || target === 'authorize');
  if (reRound) target = 'authorize';
  const entersAuthorize = target === 'authorize' && (current.status !== 'authorize' || reRound);
  const notes: FieldChange[] = [];
  if (entersAuthorize) {
    const missing = [
      ...(next.type === 'normal' && !next.risk
        ? [{ code: 'RISK_REQUIRED', path: 'riskAnswers', message: 'A normal change needs a risk assessment' }]
        : []),
      ...(!next.plannedStart
        ? [{ code: 'WINDOW_REQUIRED', path: 'plannedStart', message: 'Plan the window before authorisation' }]
        : []),
    ];
    if (missing.length > 0) {
      throw new BusinessRuleError(
        missing[0].code,
        'The change is not ready for authorisation',
        missing.map(({ path, message }) => ({ path, message })),
      );
    }
    const rule = approvalRuleFor(next.type, next.risk?.level);
    if (!rule) throw new Error(`No approval rule for a ${next.type} change of ${next.risk?.level} risk`);
    const round = (current.approval?.round ?? 0) + 1;
    set('approval', { round, path: rule.path, executionName: `${current.id}-${round}`, state: 'pending' });
    // A new round while already in authorize: the event still says so (the workflow starter reacts to it).
    if (current.status === 'authorize') notes.push({ field: 'status', before: 'authorize', after: 'authorize' });
  }
  if (target === 'scheduled' && current.status === 'draft' && !next.plannedStart) {
    throw new BusinessRuleError('WINDOW_REQUIRED', 'Plan the window before scheduling', [
      { path: 'plannedStart', message: 'Plan the window before scheduling' },
    ]);
  }
  const windowEdited = windowFields.some((f) => differs(current[f], next[f]));
  const scheduling =
    entersAuthorize ||
    (target === 'scheduled' && current.status === 'draft') ||
    ((target === 'authorize' || target === 'scheduled') && windowEdited);
  if (scheduling && next.plannedStart && next.plannedEnd) {
    const conflicts = await deps.conflicts.check(next, at);
    set('conflicts', conflicts);
    if (conflicts.blackouts.length > 0 && !(next.type === 'emergency' && next.blackoutOverride)) {
      throw new BlackoutConflictError(conflicts.blackouts);
    }
  }
  set('status', target);

  const diff = diffChange(current, next);
  if (diff.length === 0) return current;
  const stored: Change = { ...next, updatedAt: at, version: current.version + 1 };
  const event = changeEvent(deps, stored, 'updated', at, [
    ...(diff.some((c) => c.field === 'status') ? [] : notes),
    ...diff,
  ]);
  return deps.changes.update(stored, current, event);
}
