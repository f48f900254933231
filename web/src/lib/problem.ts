/**
 * Problem+json (RFC 9457) as the API sends it (functions/http/kernel/problem.ts), turned into what a person reads:
 * one sentence, and each concerned field with its own message so the form can highlight it.
 */
import type { components } from '../api/schema';
import { statusLabel } from './format';

export type Problem = components['schemas']['Problem'] & Record<string, unknown>;

/** A failed API call: its status and, when the server sent one, its problem details. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | undefined,
  ) {
    super(problemMessage(status, problem));
    this.name = 'ApiProblem';
  }

  /** Messages by field name (the last segment of each `errors[].path`). */
  get fields(): Record<string, string> {
    return fieldErrors(this.problem);
  }

  get code(): string | undefined {
    return this.problem?.code;
  }
}

/** The field a problem's `errors[].path` concerns: `body.impact`, `/impact` and `impact` all name `impact`. */
export function fieldOf(path: string): string {
  const segments = path.split(/[./]/).filter((s) => s !== '' && s !== 'body' && s !== 'query');
  return segments.length ? segments[segments.length - 1] : path;
}

export function fieldErrors(problem: Problem | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const error of problem?.errors ?? []) {
    const field = fieldOf(error.path);
    const message = readable(error.message);
    out[field] = out[field] ? `${out[field]}; ${message}` : message;
  }
  return out;
}

const personId = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;

/** The schema validator's wording, said as a form would say it; user ids (nobody reads them) become "this person". */
export function readable(message: string): string {
  if (personId.test(message)) {
    personId.lastIndex = 0;
    const said = message.replace(personId, 'this person');
    return said.charAt(0).toUpperCase() + said.slice(1);
  }
  if (/expected string to have >=1 characters/.test(message) || /^Required$/i.test(message)) return 'Required';
  const tooLong = /expected string to have <=(\d+) characters/.exec(message);
  if (tooLong) return `At most ${tooLong[1]} characters`;
  return message;
}

const labels: Record<string, string> = {
  new: 'New',
  in_progress: 'In progress',
  on_hold: 'On hold',
  resolved: 'Resolved',
  closed: 'Closed',
};

/** One sentence for a person, by problem code first, then by status. */
export function problemMessage(status: number, problem: Problem | undefined): string {
  switch (problem?.code) {
    case 'VERSION_MISMATCH':
      return 'Someone else changed this ticket while you were looking at it. Review the current version, then apply your change again or discard it.';
    case 'INVALID_TRANSITION': {
      const noun = String(problem.from) in labels ? 'ticket' : 'change';
      const from = labels[String(problem.from)] ?? statusLabel(String(problem.from));
      const to = labels[String(problem.to)] ?? statusLabel(String(problem.to));
      const allowed = Array.isArray(problem.allowed)
        ? problem.allowed.map((s) => labels[String(s)] ?? statusLabel(String(s)))
        : [];
      return `A ${noun} that is ${from} cannot move to ${to}${allowed.length ? ` (possible: ${allowed.join(', ')})` : ''}.`;
    }
    case 'BLACKOUT_CONFLICT': {
      const names = blackoutsOf(problem).map((b) => b.name);
      return `The planned window falls in a blackout window${names.length ? ` (${names.join(', ')})` : ''}: move the window, or (emergency changes only) give a reason to override the blackout.`;
    }
    case 'RISK_REQUIRED':
      return 'Assess the risk first: answer the risk questionnaire before sending the change to authorisation.';
    case 'VALIDATION_FAILED': {
      const count = problem.errors?.length ?? 0;
      if (count === 0) return problem.detail ?? 'Some of what you entered is not valid.';
      return count === 1
        ? `Please correct the highlighted field: ${readable(problem.errors?.[0].message ?? '')}.`
        : `Please correct the ${count} highlighted fields.`;
    }
    case 'ASSIGNEE_NOT_IN_GROUP':
      return 'That person is not (or no longer) a member of the assignment group: pick a member of the group.';
    case 'IF_MATCH_REQUIRED':
      return 'Reload the ticket and try again (the change needs its current version).';
  }
  if (status === 401) return 'Your session has ended. Please sign in again.';
  if (status === 403) return problem?.detail ? `Not allowed: ${problem.detail}.` : 'You are not allowed to do that.';
  if (status === 404) return problem?.detail ?? 'Not found.';
  if (status >= 500) return 'Something went wrong on our side. Please try again in a moment.';
  if (status === 0) return 'The service cannot be reached. Check your connection and try again.';
  return problem?.detail ? readable(problem.detail) : `The request failed (${status}).`;
}

/** The blackout windows a `BLACKOUT_CONFLICT` problem lists (tolerant of where the API puts them). */
export function blackoutsOf(problem: Problem | undefined): { name: string; start?: string; end?: string }[] {
  const raw = problem?.blackouts ?? (problem?.details as { blackouts?: unknown } | undefined)?.blackouts;
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((b) =>
    b && typeof b === 'object' && typeof (b as { name?: unknown }).name === 'string'
      ? [b as { name: string; start?: string; end?: string }]
      : [],
  );
}
