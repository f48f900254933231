/** Examples of the groups practice's operations for the OpenAPI document (only functions/http/openapi.ts imports this). */
import {
  type PracticeExamples,
  sampleCursor,
  sampleIds,
  samplePeople,
  sampleRef,
  sampleTimes,
} from '../kernel/examples';
import type { groupSchemas } from './schemas';

/** The demo desk's Network group. */
const network = {
  id: 'network',
  name: 'Network',
  description: 'LAN, Wi-Fi, VPN and firewalls',
  manager: sampleRef('erin'),
  escalationGroup: 'service-desk',
  active: true,
  createdAt: sampleTimes.seeded,
  updatedAt: sampleTimes.seeded,
  version: 1,
} as const;

const membership = {
  groupId: 'network',
  user: sampleRef('carol'),
  addedAt: sampleTimes.seeded,
  addedBy: samplePeople.erin.id,
} as const;

export const groupExamples: PracticeExamples<typeof groupSchemas> = {
  createGroup: {
    request: {
      id: network.id,
      name: network.name,
      description: network.description,
      manager: network.manager,
      escalationGroup: network.escalationGroup,
    },
    response: network,
  },
  listGroups: { response: { items: [network], nextCursor: sampleCursor } },
  getGroup: { response: network },
  updateGroup: {
    request: { description: 'LAN, Wi-Fi, VPN, firewalls and the office DNS' },
    response: {
      ...network,
      description: 'LAN, Wi-Fi, VPN, firewalls and the office DNS',
      updatedAt: sampleTimes.now,
      version: 2,
    },
  },
  listMembers: { response: { items: [membership], nextCursor: null } },
  addMember: {
    request: { userId: samplePeople.carol.id, username: samplePeople.carol.username },
    response: membership,
  },
  getMember: { response: membership },
  getGroupHistory: {
    response: {
      items: [
        {
          id: sampleIds.event,
          recordId: 'group:network',
          action: 'member_added',
          actor: sampleRef('erin'),
          at: sampleTimes.seeded,
          changes: [{ field: 'member', before: null, after: sampleRef('carol') }],
        },
      ],
      nextCursor: null,
    },
  },
};
