/**
 * A living desk for a newcomer: `npm start` seeds it into a NEW table (never into existing data). Reference data
 * goes in as the groups and routing practices store it; incidents go through the real use cases, so the routing
 * rules, queue counts and audit trail are exactly what the API would produce.
 */
import { caller, ids } from '../../functions/compose/caller';
import { incidentDeps } from '../../functions/compose/incidents';
import { createIncident } from '../../functions/domain/incidents/create-incident';
import { updateIncident } from '../../functions/domain/incidents/update-incident';
import type { RoutingRule } from '../../functions/domain/routing/rules';
import { type Actor, rolesFromGroups } from '../../functions/domain/shared/actor';
import { nimbus } from '../../functions/store/service';
import { findUser, type LocalUser } from './users';

function user(username: string): LocalUser {
  const found = findUser(username);
  if (!found) throw new Error(`No demo user ${username}`);
  return found;
}

function asActor(u: LocalUser): Actor {
  return { id: u.sub, username: u.username, email: u.email, name: u.name, roles: rolesFromGroups(u.groups) };
}

const ref = (username: string) => ({ id: user(username).sub, username });

export const demoGroups = [
  {
    id: 'service-desk',
    name: 'Service Desk',
    description: 'First line: every ticket starts here',
    members: ['bob', 'carol'],
  },
  {
    id: 'network',
    name: 'Network',
    description: 'LAN, Wi-Fi, VPN and firewalls',
    members: ['carol'],
    escalationGroup: 'service-desk',
  },
  {
    id: 'end-user-computing',
    name: 'End-User Computing',
    description: 'Laptops, printers, peripherals',
    members: ['bob'],
    escalationGroup: 'service-desk',
  },
] as const;

const demoCategories = [
  ['hardware', 'Hardware'],
  ['hardware.laptop', 'Laptop'],
  ['hardware.printer', 'Printer'],
  ['network', 'Network'],
  ['network.wifi', 'Wi-Fi'],
  ['network.vpn', 'VPN'],
  ['software', 'Software'],
  ['software.email', 'E-mail client'],
  ['access', 'Access'],
  ['access.password', 'Password reset'],
] as const;

const demoServices = [
  ['email', 'E-mail', 'service-desk'],
  ['vpn', 'Remote access (VPN)', 'network'],
  ['wifi', 'Office Wi-Fi', 'network'],
  ['erp', 'ERP', 'service-desk'],
] as const;

const demoRules: Omit<RoutingRule, 'createdAt' | 'updatedAt' | 'version'>[] = [
  {
    id: ids.next(),
    name: 'Outages jump the queue',
    active: true,
    conditions: { keywords: ['outage', 'down for everyone'] },
    actions: {
      assignmentGroup: 'service-desk',
      priority: { value: 'P2', reason: 'Reported as an outage' },
      watchers: [ref('erin')],
    },
  },
  {
    id: ids.next(),
    name: 'Network tickets to Network',
    active: true,
    conditions: { categories: ['network'] },
    actions: { assignmentGroup: 'network' },
  },
  {
    id: ids.next(),
    name: 'VPN service to Network',
    active: true,
    conditions: { services: ['vpn', 'wifi'] },
    actions: { assignmentGroup: 'network' },
  },
  {
    id: ids.next(),
    name: 'Hardware to End-User Computing',
    active: true,
    conditions: { categories: ['hardware'] },
    actions: { assignmentGroup: 'end-user-computing' },
  },
];

async function seedReferenceData(at: string): Promise<void> {
  const { group, membership, category, service, routingRuleset } = nimbus().entities;
  const erin = ref('erin');
  for (const g of demoGroups) {
    await group
      .create({
        id: g.id,
        name: g.name,
        description: g.description,
        managerId: erin.id,
        managerName: erin.username,
        escalationGroup: 'escalationGroup' in g ? g.escalationGroup : undefined,
        active: true,
        createdAt: at,
        updatedAt: at,
        version: 1,
      })
      .go();
    for (const member of g.members) {
      const m = ref(member);
      await membership.put({ groupId: g.id, userId: m.id, username: m.username, addedAt: at, addedBy: erin.id }).go();
    }
  }
  for (const [id, name] of demoCategories) {
    const parentId = id.includes('.') ? id.split('.')[0] : undefined;
    await category.create({ id, name, parentId, active: true, createdAt: at, updatedAt: at, version: 1 }).go();
  }
  for (const [id, name, ownerGroup] of demoServices) {
    await service.create({ id, name, ownerGroup, active: true, createdAt: at, updatedAt: at, version: 1 }).go();
  }
  await routingRuleset
    .put({
      name: 'incidents',
      rules: demoRules.map((r) => ({ ...r, createdAt: at, updatedAt: at, version: 1 })),
      defaultGroup: 'service-desk',
      updatedAt: at,
      version: 1,
    })
    .go();
  await nimbus().entities.counter.update({ name: 'incident' }).set({ rulesVersion: 1 }).go();
}

async function seedIncidents(): Promise<void> {
  const deps = (username: string) => incidentDeps(caller(asActor(user(username))));
  const raise = async (username: string, body: Record<string, unknown>) =>
    (await createIncident(body, deps(username))).value;

  const wifi = await raise('alice', {
    title: 'Wi-Fi keeps dropping in meeting room 4',
    description: 'Every ten minutes the connection drops for a few seconds; calls freeze.',
    impact: 3,
    urgency: 2,
    category: 'network.wifi',
    service: 'wifi',
  });
  const outage = await raise('frank', {
    title: 'E-mail outage: Outlook cannot connect',
    description: 'Since 09:10 nobody on the 2nd floor can send or receive mail.',
    impact: 1,
    urgency: 2,
    category: 'software.email',
    service: 'email',
  });
  const printer = await raise('alice', {
    title: 'Printer on floor 3 jams on every job',
    description: 'HP LaserJet near the kitchen, error E42.',
    impact: 3,
    urgency: 3,
    category: 'hardware.printer',
  });
  const laptop = await raise('frank', {
    title: 'Laptop battery drains in an hour',
    description: 'ThinkPad T14, battery health reports 61%.',
    impact: 3,
    urgency: 2,
    category: 'hardware.laptop',
  });
  const password = await raise('alice', {
    title: 'Locked out after password change',
    description: 'The new password works on the web but not on my phone.',
    impact: 3,
    urgency: 1,
    category: 'access.password',
  });
  const bob = user('bob').sub;
  const carol = user('carol').sub;
  await updateIncident(wifi.id, 1, { status: 'in_progress', assignee: carol }, deps('carol'));
  await updateIncident(outage.id, 1, { status: 'in_progress', assignee: bob }, deps('bob'));
  await updateIncident(printer.id, 1, { status: 'on_hold', holdReason: 'awaiting_vendor', assignee: bob }, deps('bob'));
  await updateIncident(
    password.id,
    1,
    { status: 'resolved', resolutionCode: 'solved_permanently', resolutionNotes: 'Re-synced the phone profile.' },
    deps('bob'),
  );
  void laptop;
}

/** Seeds the demo desk into an empty table. */
export async function seedDemoData(): Promise<void> {
  await seedReferenceData(new Date().toISOString());
  await seedIncidents();
}
