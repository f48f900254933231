import type { UserRef } from '../shared/audit';
import type { Level, Priority } from '../shared/priority';
import { categoryCovers } from '../taxonomy/taxonomy';

/** Every condition present must hold (AND); inside one condition, any listed value will do (OR). */
export interface RuleConditions {
  /** A category also covers its subcategories. */
  readonly categories?: readonly string[];
  readonly services?: readonly string[];
  readonly impacts?: readonly Level[];
  readonly urgencies?: readonly Level[];
  /** The requester's e-mail domain, e.g. `example.com` (case-insensitive, exact domain). */
  readonly requesterDomains?: readonly string[];
  /** Whole words or phrases, case-insensitive, in the title or the description. */
  readonly keywords?: readonly string[];
}

export interface RuleActions {
  readonly assignmentGroup?: string;
  readonly priority?: { readonly value: Priority; readonly reason: string };
  readonly watchers?: readonly UserRef[];
}

export interface RoutingRule {
  readonly id: string;
  readonly name: string;
  /** Inactive rules are kept in order but never fire. */
  readonly active: boolean;
  readonly conditions: RuleConditions;
  readonly actions: RuleActions;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

/** The ordered rules and where unroutable tickets go. */
export interface Ruleset {
  readonly rules: readonly RoutingRule[];
  readonly defaultGroup?: string;
  readonly version: number;
  readonly updatedAt?: string;
}

export const emptyRuleset: Ruleset = { rules: [], version: 0 };

/** What routing needs to know about a new ticket. */
export interface RoutableTicket {
  readonly title: string;
  readonly description: string;
  readonly category?: string;
  readonly service?: string;
  readonly impact: Level;
  readonly urgency: Level;
  readonly requesterEmail?: string;
}

export interface RoutingDecision {
  /** The rule that fired; absent when none matched (the default group applies). */
  readonly rule?: { readonly id: string; readonly name: string };
  readonly assignmentGroup?: string;
  readonly priority?: { readonly value: Priority; readonly reason: string };
  readonly watchers: readonly UserRef[];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Letters, digits and combining marks make up words; anything else (space, punctuation) separates them. */
const wordCharacter = '[\\p{L}\\p{N}\\p{M}]';

function containsKeyword(text: string, keyword: string): boolean {
  const phrase = escapeRegExp(keyword.normalize('NFC').trim()).replace(/\s+/g, '\\s+');
  if (phrase.length === 0) return false;
  return new RegExp(`(?<!${wordCharacter})${phrase}(?!${wordCharacter})`, 'iu').test(text.normalize('NFC'));
}

function domainOf(email: string | undefined): string | undefined {
  const at = email?.lastIndexOf('@') ?? -1;
  return email && at > 0 ? email.slice(at + 1).toLowerCase() : undefined;
}

function any<T>(values: readonly T[] | undefined, test: (value: T) => boolean): boolean {
  return values === undefined || values.length === 0 || values.some(test);
}

export function ruleMatches(conditions: RuleConditions, ticket: RoutableTicket): boolean {
  const domain = domainOf(ticket.requesterEmail);
  return (
    any(conditions.categories, (c) => categoryCovers(c, ticket.category)) &&
    any(conditions.services, (s) => s === ticket.service) &&
    any(conditions.impacts, (i) => i === ticket.impact) &&
    any(conditions.urgencies, (u) => u === ticket.urgency) &&
    any(conditions.requesterDomains, (d) => domain !== undefined && domain === d.toLowerCase()) &&
    any(
      conditions.keywords,
      // Title and description apart: a phrase must not match across the end of one and the start of the other.
      (k) => containsKeyword(ticket.title, k) || containsKeyword(ticket.description, k),
    )
  );
}

/** The first active rule that matches wins; with none, the ticket goes to the default group. */
export function routeIncident(ruleset: Ruleset, ticket: RoutableTicket): RoutingDecision {
  const rule = ruleset.rules.find((r) => r.active && ruleMatches(r.conditions, ticket));
  if (!rule) return { assignmentGroup: ruleset.defaultGroup, watchers: [] };
  return {
    rule: { id: rule.id, name: rule.name },
    assignmentGroup: rule.actions.assignmentGroup ?? ruleset.defaultGroup,
    priority: rule.actions.priority,
    watchers: rule.actions.watchers ?? [],
  };
}
