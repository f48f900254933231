/**
 * A living desk for a newcomer: `npm start` seeds it into a NEW table (never into existing data). Reference data
 * goes in as the groups and routing practices store it; incidents go through the real use cases, so the routing
 * rules, queue counts and audit trail are exactly what the API would produce.
 */
import { caller, ids } from '../../functions/compose/caller';
import { changeDeps } from '../../functions/compose/changes';
import { incidentDeps } from '../../functions/compose/incidents';
import type { Change } from '../../functions/domain/changes/change';
import { createChange } from '../../functions/domain/changes/create-change';
import type { RiskQuestion } from '../../functions/domain/changes/risk';
import { createRiskQuestion } from '../../functions/domain/changes/risk-questions';
import { systemMove } from '../../functions/domain/changes/system-move';
import { createTemplate } from '../../functions/domain/changes/templates';
import { updateChange } from '../../functions/domain/changes/update-change';
import { createIncident } from '../../functions/domain/incidents/create-incident';
import { updateIncident } from '../../functions/domain/incidents/update-incident';
import type { RoutingRule } from '../../functions/domain/routing/rules';
import { type Actor, rolesFromGroups } from '../../functions/domain/shared/actor';
import { systemClock } from '../../functions/domain/shared/clock';
import { changeRepository } from '../../functions/store/change-repository';
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
  {
    id: 'cab',
    name: 'Change Advisory Board',
    description: 'Authorises normal changes of medium risk and above',
    members: ['dave', 'grace', 'heidi'],
  },
  {
    id: 'ecab',
    name: 'Emergency CAB',
    description: 'Authorises emergency changes, fast',
    members: ['dave', 'heidi'],
  },
  {
    id: 'change-managers',
    name: 'Change Managers',
    description: 'Run the change practice; authorise low-risk normal changes',
    members: ['dave', 'heidi'],
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

/** The risk questionnaire the demo starts with (weights 0–8; see docs/changes.md for the levels). */
export const demoRiskQuestions = [
  {
    text: 'How many users would an outage during the change affect?',
    order: 10,
    answers: [
      { id: 'few', text: 'A handful', weight: 0 },
      { id: 'department', text: 'A department', weight: 3 },
      { id: 'everyone', text: 'Everyone', weight: 6 },
    ],
  },
  {
    text: 'Can the change be backed out within an hour?',
    order: 20,
    answers: [
      { id: 'yes', text: 'Yes, tested', weight: 0 },
      { id: 'untested', text: 'Yes, but the backout is untested', weight: 3 },
      { id: 'no', text: 'No', weight: 6 },
    ],
  },
  {
    text: 'Has this kind of change been done here before?',
    order: 30,
    answers: [
      { id: 'often', text: 'Often', weight: 0 },
      { id: 'once', text: 'Once or twice', weight: 2 },
      { id: 'never', text: 'Never', weight: 4 },
    ],
  },
] as const;

const demoTemplates = [
  {
    name: 'Restart an application server',
    description: 'A rolling restart of one application server behind the load balancer.',
    title: 'Rolling restart of an application server',
    implementationPlan: 'Take the node out of the pool, restart it, wait for the health check, put it back.',
    backoutPlan: 'Leave the node out of the pool and page the on-call engineer.',
    testPlan: 'The health check answers 200 for five minutes; error rate unchanged.',
    services: [{ id: 'erp', name: 'ERP' }],
    defaultDurationMinutes: 30,
  },
  {
    name: 'Add a Wi-Fi access point',
    description: 'Mount and adopt one more access point in an office.',
    title: 'Add a Wi-Fi access point',
    implementationPlan: 'Mount the access point, patch it, adopt it in the controller with the office profile.',
    backoutPlan: 'Unadopt it in the controller and unplug it.',
    testPlan: 'A laptop roams onto it and reaches the intranet.',
    services: [{ id: 'wifi', name: 'Office Wi-Fi' }],
    defaultDurationMinutes: 60,
  },
] as const;

/** The start of the next day at `hour` UTC, `days` from now. */
function dayAt(days: number, hour: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
}

/** A few changes in different states, through the real use cases (the approval workflow's moves via systemMove). */
async function seedChanges(): Promise<void> {
  const deps = (username: string) => changeDeps(caller(asActor(user(username))));
  const move = { changes: changeRepository, ids, clock: systemClock };
  const questions: RiskQuestion[] = [];
  for (const q of demoRiskQuestions) questions.push((await createRiskQuestion(q, deps('erin'))).value);
  const templates = [];
  for (const t of demoTemplates) templates.push((await createTemplate(t, deps('erin'))).value);
  const patch = (username: string, change: Change, body: Record<string, unknown>) =>
    updateChange(change.id, change.version, body, deps(username));
  const answers = (...ids: string[]) => questions.map((q, i) => ({ questionId: q.id, answerId: ids[i] }));
  const raise = async (username: string, body: Record<string, unknown>) =>
    (await createChange(body, deps(username))).value;

  await raise('alice', {
    type: 'normal',
    title: 'Move the team share to the new file server',
    description: 'The old NAS is out of support at the end of the quarter.',
    services: [{ name: 'File shares' }],
    cis: [{ name: 'nas-02' }, { name: 'fs-01' }],
    implementationPlan: 'Copy with robocopy overnight, switch the DFS link, keep the NAS read-only for a week.',
    backoutPlan: 'Point the DFS link back at the NAS.',
    testPlan: 'Open, edit and save a file from three departments.',
  });
  const vpn = await raise('frank', {
    type: 'normal',
    title: 'Upgrade the VPN concentrator firmware',
    description: 'Vendor security advisory; fixes a denial-of-service bug.',
    services: [{ id: 'vpn' }],
    cis: [{ name: 'vpn-gw-01' }],
    implementationPlan: 'Fail over to the standby, upgrade the primary, fail back, upgrade the standby.',
    backoutPlan: 'Reinstall the previous firmware image from the boot partition.',
    testPlan: 'Connect from the office and from home; check the tunnel count recovers.',
    plannedStart: dayAt(4, 21),
    plannedEnd: dayAt(4, 23),
  });
  await patch('frank', vpn, { status: 'assess' });
  const restart = await raise('alice', {
    type: 'standard',
    templateId: templates[0].id,
    title: 'Rolling restart of erp-app-02',
    cis: [{ name: 'erp-app-02' }],
    plannedStart: dayAt(2, 6),
  });
  await patch('alice', restart, { status: 'scheduled' });

  const mail = await raise('alice', {
    type: 'normal',
    title: 'Upgrade the mail gateway to 10.4',
    description: 'Security release; the gateway restarts once per node.',
    services: [{ id: 'email' }],
    cis: [{ name: 'mx-gw-01' }, { name: 'mx-gw-02' }],
    implementationPlan: 'Drain mx-gw-01, upgrade, undrain; then the same for mx-gw-02.',
    backoutPlan: 'Restore the pre-upgrade snapshot of the drained node.',
    testPlan: 'Send a test message through each node; check the queue drains.',
    plannedStart: dayAt(-6, 20),
    plannedEnd: dayAt(-6, 22),
    implementerId: user('carol').sub,
  });
  const assessing = await patch('alice', mail, { status: 'assess' });
  const authorizing = await patch('dave', assessing, {
    status: 'authorize',
    riskAnswers: answers('few', 'yes', 'once'),
  });
  const approved = await systemMove(move, {
    changeId: mail.id,
    from: ['authorize'],
    to: 'scheduled',
    reason: 'workflow change-approval',
    patch: {
      approval: {
        ...(authorizing.approval as NonNullable<Change['approval']>),
        state: 'approved',
        decidedAt: new Date().toISOString(),
      },
    },
  });
  if (!approved) throw new Error('The demo mail gateway change did not get scheduled');
  const implementing = await patch('carol', approved, { status: 'implement' });
  const implemented = await patch('carol', implementing, {
    implementation: { outcome: 'implemented', notes: 'Both nodes on 10.4; queues drained in four minutes.' },
  });
  const reviewing = await systemMove(move, {
    changeId: mail.id,
    from: ['implement'],
    to: 'review',
    reason: 'post-implementation review',
  });
  await patch('dave', reviewing ?? implemented, {
    review: { outcome: 'successful', lessonsLearned: 'Draining one node at a time kept mail flowing throughout.' },
  });
}

/** Seeds the demo desk into an empty table. */
export async function seedDemoData(): Promise<void> {
  await seedReferenceData(new Date().toISOString());
  await seedIncidents();
  await seedChanges();
}
