import type { Ruleset } from './rules';

/** Reads the routing rules as one item (a create applies them). */
export interface RulesetReader {
  /** The current ruleset; with `knownVersion`, a copy of that version kept from an earlier read may answer. */
  ruleset(knownVersion?: number): Promise<Ruleset>;
}
