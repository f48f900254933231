import { describe, expect, it } from 'vitest';
import {
  type RoutableTicket,
  type RoutingRule,
  type RuleActions,
  type RuleConditions,
  type Ruleset,
  routeIncident,
  ruleMatches,
} from '../../../../functions/domain/routing/rules';

const ticket = (overrides: Partial<RoutableTicket> = {}): RoutableTicket => ({
  title: 'VPN drops every five minutes',
  description: 'Since this morning, on Wi-Fi and on cable.',
  category: 'network.vpn',
  service: 'remote-access',
  impact: 2,
  urgency: 1,
  requesterEmail: 'alice@Example.com',
  ...overrides,
});

let n = 0;
const rule = (conditions: RuleConditions, actions: RuleActions = { assignmentGroup: 'network' }, active = true) =>
  ({
    id: `RULE${++n}`,
    name: `rule ${n}`,
    active,
    conditions,
    actions,
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
    version: 1,
  }) satisfies RoutingRule;

const ruleset = (rules: RoutingRule[], defaultGroup?: string): Ruleset => ({ rules, defaultGroup, version: 1 });

describe('ruleMatches: one condition at a time', () => {
  it.each<[string, RuleConditions, Partial<RoutableTicket>, boolean]>([
    ['no conditions match everything', {}, {}, true],
    ['a category matches itself', { categories: ['network.vpn'] }, {}, true],
    ['a category covers its subcategories', { categories: ['network'] }, {}, true],
    ['a subcategory does not cover its parent', { categories: ['network.vpn'] }, { category: 'network' }, false],
    ['a category does not cover a lookalike prefix', { categories: ['net'] }, { category: 'network.vpn' }, false],
    ['a category condition needs a category', { categories: ['network'] }, { category: undefined }, false],
    ['any listed category will do (OR)', { categories: ['hardware', 'network'] }, {}, true],
    ['a service matches exactly', { services: ['remote-access'] }, {}, true],
    ['another service does not', { services: ['e-mail'] }, {}, false],
    ['a service condition needs a service', { services: ['remote-access'] }, { service: undefined }, false],
    ['impact listed', { impacts: [1, 2] }, {}, true],
    ['impact not listed', { impacts: [1] }, {}, false],
    ['urgency listed', { urgencies: [1] }, {}, true],
    ['urgency not listed', { urgencies: [2, 3] }, {}, false],
    ['requester domain, case-insensitive', { requesterDomains: ['EXAMPLE.com'] }, {}, true],
    [
      'requester domain is exact: no subdomains',
      { requesterDomains: ['example.com'] },
      { requesterEmail: 'a@eu.example.com' },
      false,
    ],
    ['requester domain is exact: no parent domain', { requesterDomains: ['eu.example.com'] }, {}, false],
    ['requester domain needs an e-mail', { requesterDomains: ['example.com'] }, { requesterEmail: undefined }, false],
    [
      'requester domain of a broken address',
      { requesterDomains: ['example.com'] },
      { requesterEmail: 'example.com' },
      false,
    ],
    ['keyword in the title, case-insensitive', { keywords: ['vpn'] }, {}, true],
    ['keyword in the description', { keywords: ['cable'] }, {}, true],
    ['keyword is a whole word, not a part', { keywords: ['drop'] }, {}, false],
    ['a hyphen separates words', { keywords: ['wi'] }, {}, true],
    ['keyword does not match inside a word', { keywords: ['morn'] }, {}, false],
    [
      'a phrase matches across any whitespace',
      { keywords: ['every five minutes'] },
      { title: 'VPN drops every\n five  minutes' },
      true,
    ],
    ['a phrase with its words apart does not', { keywords: ['five drops'] }, {}, false],
    ['a phrase does not run from the title into the description', { keywords: ['minutes since'] }, {}, false],
    ['keyword with punctuation', { keywords: ['wi-fi'] }, {}, true],
    ['keyword with regex characters is literal', { keywords: ['c++'] }, { description: 'The c++ build fails' }, true],
    ['keyword with regex characters, no false match', { keywords: ['a.b'] }, { description: 'axb' }, false],
    ['keyword with accents', { keywords: ['café'] }, { description: 'The café printer' }, true],
    [
      'keyword with accents, composed vs decomposed',
      { keywords: ['café'] },
      { description: 'The cafe\u0301 printer' },
      true,
    ],
    ['an accented letter is part of the word', { keywords: ['caf'] }, { description: 'The café printer' }, false],
    ['any keyword will do (OR)', { keywords: ['printer', 'vpn'] }, {}, true],
    ['no keyword present', { keywords: ['printer', 'toner'] }, {}, false],
  ])('%s', (_name, conditions, overrides, expected) => {
    expect(ruleMatches(conditions, ticket(overrides))).toBe(expected);
  });
});

describe('ruleMatches: conditions together', () => {
  it.each<[string, RuleConditions, boolean]>([
    ['all conditions hold (AND)', { categories: ['network'], impacts: [2], keywords: ['vpn'] }, true],
    ['one condition fails → no match', { categories: ['network'], impacts: [3], keywords: ['vpn'] }, false],
    [
      'OR inside, AND across',
      { categories: ['hardware', 'network'], urgencies: [1, 2], requesterDomains: ['example.com'] },
      true,
    ],
    [
      'OR inside, AND across, one fails',
      { categories: ['hardware', 'network'], urgencies: [3], requesterDomains: ['example.com'] },
      false,
    ],
  ])('%s', (_name, conditions, expected) => {
    expect(ruleMatches(conditions, ticket())).toBe(expected);
  });
});

describe('routeIncident', () => {
  const watchers = [{ id: 'user-carol', username: 'carol' }];
  const priority = { value: 'P1' as const, reason: 'VPN outages stop remote work' };

  it.each<
    [
      string,
      Ruleset,
      Partial<RoutableTicket>,
      { group?: string; rule?: number; priority?: unknown; watchers?: unknown },
    ]
  >([
    ['no rules → the default group', ruleset([], 'service-desk'), {}, { group: 'service-desk' }],
    ['no rules, no default → unassigned', ruleset([]), {}, { group: undefined }],
    [
      'the first matching rule wins',
      ruleset(
        [rule({ keywords: ['printer'] }, { assignmentGroup: 'print' }), rule({ keywords: ['vpn'] }), rule({})],
        'sd',
      ),
      {},
      { group: 'network', rule: 1 },
    ],
    [
      'an inactive rule is skipped',
      ruleset([rule({ keywords: ['vpn'] }, { assignmentGroup: 'old' }, false), rule({ keywords: ['vpn'] })], 'sd'),
      {},
      { group: 'network', rule: 1 },
    ],
    [
      'no match → the default group',
      ruleset([rule({ keywords: ['printer'] })], 'service-desk'),
      {},
      { group: 'service-desk' },
    ],
    [
      'a rule without a group → the default group, its other actions still apply',
      ruleset([rule({ impacts: [2] }, { priority, watchers })], 'service-desk'),
      {},
      { group: 'service-desk', rule: 0, priority, watchers },
    ],
    [
      'priority and watchers pass through',
      ruleset([rule({ categories: ['network'] }, { assignmentGroup: 'network', priority, watchers })]),
      {},
      { group: 'network', rule: 0, priority, watchers },
    ],
  ])('%s', (_name, rules, overrides, expected) => {
    const decision = routeIncident(rules, ticket(overrides));
    expect(decision.assignmentGroup).toBe(expected.group);
    if (expected.rule === undefined) expect(decision.rule).toBeUndefined();
    else expect(decision.rule).toEqual({ id: rules.rules[expected.rule].id, name: rules.rules[expected.rule].name });
    expect(decision.priority).toEqual(expected.priority);
    expect(decision.watchers).toEqual(expected.watchers ?? []);
  });
});
