import type { Priority } from '../shared/priority';
import type { EscalationTaskInput, IncidentSla, SlaClock, SlaError } from './clock';

export type EscalationMilestone = 'warning' | 'breach';

export type EscalationDecision =
  | { readonly act: false; readonly why: string }
  | { readonly act: true; readonly before: SlaClock; readonly after: SlaClock };

/**
 * Whether the wake-up of `input` still means something: the same generation, the clock still running, its instant
 * reached by `now` and not stamped yet. Anything else (paused, met, re-targeted, a duplicate wake-up) → nothing.
 */
export function decideMilestone(
  sla: IncidentSla | undefined,
  input: EscalationTaskInput & { readonly milestone: EscalationMilestone },
  now: string,
): EscalationDecision {
  if (!sla) return { act: false, why: 'no SLA item' };
  if (sla.generation !== input.generation) return { act: false, why: `generation is now ${sla.generation}` };
  const clock = sla.clocks.find((candidate) => candidate.kind === input.kind);
  if (!clock) return { act: false, why: `no ${input.kind} clock` };
  if (clock.state !== 'running') return { act: false, why: `${input.kind} clock is ${clock.state}` };
  const instant = input.milestone === 'warning' ? clock.warnAt : clock.dueAt;
  if (!instant || Date.parse(instant) > Date.parse(now)) return { act: false, why: `${input.milestone} not reached` };
  const stamped = input.milestone === 'warning' ? clock.warnedAt : clock.breachedAt;
  if (stamped) return { act: false, why: `${input.milestone} already acted on at ${stamped}` };
  const after: SlaClock = input.milestone === 'warning' ? { ...clock, warnedAt: now } : { ...clock, breachedAt: now };
  return { act: true, before: clock, after };
}

/** The SLA item with one clock replaced, the error cleared, the version bumped. */
export function withClock(sla: IncidentSla, clock: SlaClock): IncidentSla {
  const { slaError: _cleared, ...rest } = sla;
  return {
    ...rest,
    clocks: sla.clocks.map((candidate) => (candidate.kind === clock.kind ? clock : candidate)),
    version: sla.version + 1,
  };
}

/** The SLA item recording a failed escalation (the Catch's error), or undefined when it is not the current one. */
export function withError(sla: IncidentSla, input: EscalationTaskInput, at: string): IncidentSla | undefined {
  if (sla.generation !== input.generation) return undefined;
  const slaError: SlaError = {
    generation: input.generation,
    kind: input.kind,
    // The Catch cannot tell which Task failed; the clock's stamps can: a warned clock failed at its breach.
    milestone: sla.clocks.find((clock) => clock.kind === input.kind)?.warnedAt ? 'breach' : 'warning',
    error: input.error?.Error ?? 'Error',
    ...(input.error?.Cause ? { cause: input.error.Cause } : {}),
    at,
  };
  return { ...sla, slaError, version: sla.version + 1 };
}

/** One step up, never above P1. */
export function raisedPriority(priority: Priority): Priority {
  const level = Number(priority.slice(1));
  return `P${Math.max(1, level - 1)}` as Priority;
}
