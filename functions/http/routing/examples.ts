/** Examples of the routing practice's operations for the OpenAPI document (only functions/http/openapi.ts imports this). */
import { type PracticeExamples, sampleCursor, sampleIds, sampleRef, sampleTimes } from '../kernel/examples';
import type { routingSchemas } from './schemas';

/** The demo desk's Wi-Fi category (a subcategory of network). */
const wifi = {
  id: 'network.wifi',
  name: 'Wi-Fi',
  description: 'Office wireless: coverage, drops, guest access',
  parentId: 'network',
  active: true,
  createdAt: sampleTimes.seeded,
  updatedAt: sampleTimes.seeded,
  version: 1,
} as const;

/** The demo desk's VPN service, owned by Network. */
const vpn = {
  id: 'vpn',
  name: 'Remote access (VPN)',
  description: 'GlobalProtect VPN for working from home',
  ownerGroup: 'network',
  active: true,
  createdAt: sampleTimes.seeded,
  updatedAt: sampleTimes.seeded,
  version: 1,
} as const;

/** A demo routing rule: network tickets go to the Network group. */
const networkRule = {
  id: sampleIds.rule,
  name: 'Network tickets to Network',
  active: true,
  conditions: { categories: ['network'] },
  actions: { assignmentGroup: 'network' },
  createdAt: sampleTimes.seeded,
  updatedAt: sampleTimes.seeded,
  version: 1,
} as const;

/** The demo desk's outage rule: a priority, a group and a watcher. */
const outageRule = {
  id: sampleIds.otherRule,
  name: 'Outages jump the queue',
  active: true,
  conditions: { keywords: ['outage', 'down for everyone'] },
  actions: {
    assignmentGroup: 'service-desk',
    priority: { value: 'P2', reason: 'Reported as an outage' },
    watchers: [sampleRef('erin')],
  },
  createdAt: sampleTimes.seeded,
  updatedAt: sampleTimes.seeded,
  version: 1,
} as const;

const ruleset = {
  defaultGroup: 'service-desk',
  version: 3,
  updatedAt: sampleTimes.seeded,
  items: [outageRule, networkRule],
} as const;

export const routingExamples: PracticeExamples<typeof routingSchemas> = {
  createCategory: {
    request: { id: wifi.id, name: wifi.name, description: wifi.description },
    response: wifi,
  },
  listCategories: { response: { items: [wifi], nextCursor: sampleCursor } },
  getCategory: { response: wifi },
  updateCategory: {
    request: { name: 'Wi-Fi and guest Wi-Fi' },
    response: { ...wifi, name: 'Wi-Fi and guest Wi-Fi', updatedAt: sampleTimes.now, version: 2 },
  },
  createService: {
    request: { id: vpn.id, name: vpn.name, description: vpn.description, ownerGroup: vpn.ownerGroup },
    response: vpn,
  },
  listServices: { response: { items: [vpn], nextCursor: sampleCursor } },
  getService: { response: vpn },
  updateService: {
    request: { description: 'GlobalProtect VPN for working from home and on the road' },
    response: {
      ...vpn,
      description: 'GlobalProtect VPN for working from home and on the road',
      updatedAt: sampleTimes.now,
      version: 2,
    },
  },
  getRoutingRules: { response: ruleset },
  updateRoutingRules: {
    request: { defaultGroup: 'service-desk', order: [sampleIds.rule, sampleIds.otherRule] },
    response: { ...ruleset, version: 4, updatedAt: sampleTimes.now, items: [networkRule, outageRule] },
  },
  createRoutingRule: {
    request: {
      name: networkRule.name,
      conditions: { categories: ['network'] },
      actions: { assignmentGroup: 'network' },
      position: 1,
    },
    response: networkRule,
  },
  getRoutingRulesHistory: {
    response: {
      items: [
        {
          id: sampleIds.otherEvent,
          recordId: 'routing-rules',
          action: 'updated',
          actor: sampleRef('erin'),
          at: sampleTimes.now,
          changes: [
            {
              field: 'order',
              before: [sampleIds.otherRule, sampleIds.rule],
              after: [sampleIds.rule, sampleIds.otherRule],
            },
          ],
        },
      ],
      nextCursor: null,
    },
  },
  getRoutingRule: { response: networkRule },
  updateRoutingRule: {
    request: { conditions: { categories: ['network'], services: ['vpn', 'wifi'] } },
    response: {
      ...networkRule,
      conditions: { categories: ['network'], services: ['vpn', 'wifi'] },
      updatedAt: sampleTimes.now,
      version: 2,
    },
  },
};
