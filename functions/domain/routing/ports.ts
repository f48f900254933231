import type { Ruleset } from './rules';

/** Reads the routing rules as one item (a create applies them). */
export interface RulesetReader {
  ruleset(): Promise<Ruleset>;
}
