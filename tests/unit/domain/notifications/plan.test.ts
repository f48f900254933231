import { describe, expect, it } from 'vitest';
import {
  type LoadedFacts,
  MissingFactsError,
  type NotificationKind,
  planNotifications,
  planSlaNotifications,
  whatToRead,
} from '../../../../functions/domain/notifications/plan';
import type { CommentView } from '../../../../functions/domain/notifications/ports';
import type { AuditEvent, ChangeActor, FieldChange } from '../../../../functions/domain/shared/audit';

const requester = 'u-requester';
const agent = 'u-agent';
const colleague = 'u-colleague';
const outsider = 'u-outsider';
const watcher = 'u-watcher';

const person = (id: string): ChangeActor => ({ id, username: id.slice(2) });
const routingRule: ChangeActor = { id: agent, username: 'nimbus', system: { reason: 'routing rule wifi' } };

function incidentEvent(overrides: Partial<AuditEvent> & { subject?: Record<string, unknown> } = {}): AuditEvent {
  const { subject, ...rest } = overrides;
  return {
    id: 'EV1',
    recordType: 'incident',
    recordId: 'INC-ID-1',
    action: 'updated',
    actor: person(agent),
    at: '2026-01-02T03:04:05.000Z',
    changes: [],
    ...rest,
    subject: {
      number: 'INC0001001',
      title: 'VPN drops every hour',
      status: 'in_progress',
      priority: 'P3',
      assignmentGroup: 'network',
      assignee: agent,
      requesterId: requester,
      requesterName: 'Rita Requester',
      major: false,
      parentId: null,
      ...(subject as Record<string, string | null>),
    },
  };
}

const commentChange = (id = 'C1'): FieldChange => ({ field: 'comment', before: null, after: id });
const comment = (authorId: string, visibility: 'public' | 'internal' = 'public'): CommentView => ({
  id: 'C1',
  body: 'Please restart the client.',
  visibility,
  authorId,
});
const noFacts: LoadedFacts = { watchers: [], groupMembers: new Set() };

function recipients(event: AuditEvent, facts: LoadedFacts = noFacts): [string, NotificationKind][] {
  const plan = planNotifications(event, facts);
  return (plan?.notifications ?? []).map((n) => [n.recipientId, n.kind]);
}

describe('planNotifications', () => {
  const cases: {
    name: string;
    event: AuditEvent;
    facts?: LoadedFacts;
    expected: [string, NotificationKind][];
  }[] = [
    {
      name: 'create acknowledges the requester, who created it',
      event: incidentEvent({ action: 'created', actor: person(requester), subject: { assignee: null } }),
      expected: [[requester, 'acknowledgement']],
    },
    {
      name: 'create with an assignee chosen by someone else also tells the assignee',
      event: incidentEvent({
        action: 'created',
        actor: person(requester),
        changes: [{ field: 'assignee', before: null, after: agent }],
      }),
      expected: [
        [requester, 'acknowledgement'],
        [agent, 'assigned'],
      ],
    },
    {
      name: 'assignment tells the new assignee',
      event: incidentEvent({ actor: person(colleague), changes: [{ field: 'assignee', before: null, after: agent }] }),
      expected: [[agent, 'assigned']],
    },
    {
      name: 'assigning oneself tells nobody',
      event: incidentEvent({ actor: person(agent), changes: [{ field: 'assignee', before: colleague, after: agent }] }),
      expected: [],
    },
    {
      name: 'an automatic assignment tells the assignee even when the system actor carries their id',
      event: incidentEvent({ actor: routingRule, changes: [{ field: 'assignee', before: null, after: agent }] }),
      expected: [[agent, 'assigned']],
    },
    {
      name: 'unassigning tells nobody',
      event: incidentEvent({
        changes: [{ field: 'assignee', before: agent, after: null }],
        subject: { assignee: null },
      }),
      expected: [],
    },
    {
      name: 'resolving tells the requester',
      event: incidentEvent({
        changes: [
          { field: 'status', before: 'in_progress', after: 'resolved' },
          { field: 'resolutionCode', before: null, after: 'solved_permanently' },
        ],
      }),
      expected: [[requester, 'resolved']],
    },
    {
      name: 'an agent resolving their own request is not told',
      event: incidentEvent({
        actor: person(requester),
        changes: [{ field: 'status', before: 'in_progress', after: 'resolved' }],
      }),
      expected: [],
    },
    {
      name: 'other updates tell nobody',
      event: incidentEvent({ changes: [{ field: 'priority', before: 'P3', after: 'P2' }] }),
      expected: [],
    },
    {
      name: 'a public comment reaches the requester and the watchers, not its author',
      event: incidentEvent({ action: 'commented', visibility: 'public', changes: [commentChange()] }),
      facts: { watchers: [watcher, agent, requester], comment: comment(agent), groupMembers: new Set() },
      expected: [
        [requester, 'comment'],
        [watcher, 'comment'],
      ],
    },
    {
      name: "the requester's own public comment reaches the watchers only",
      event: incidentEvent({
        action: 'commented',
        actor: person(requester),
        visibility: 'public',
        changes: [commentChange()],
      }),
      facts: { watchers: [watcher], comment: comment(requester), groupMembers: new Set() },
      expected: [[watcher, 'comment']],
    },
    {
      name: 'a comment Nimbus posted reaches everyone, whatever id its system actor carries',
      event: incidentEvent({
        action: 'commented',
        actor: routingRule,
        visibility: 'public',
        changes: [commentChange()],
      }),
      facts: { watchers: [agent], comment: comment(agent), groupMembers: new Set() },
      expected: [
        [requester, 'comment'],
        [agent, 'comment'],
      ],
    },
    {
      name: 'a work note reaches assignee and watchers inside the group, never the requester or outsiders',
      event: incidentEvent({
        action: 'commented',
        actor: person(colleague),
        visibility: 'internal',
        changes: [commentChange()],
      }),
      facts: {
        watchers: [outsider, colleague, watcher],
        comment: comment(colleague, 'internal'),
        groupMembers: new Set([agent, colleague, watcher]),
      },
      expected: [
        [agent, 'work-note'],
        [watcher, 'work-note'],
      ],
    },
    {
      name: 'a work note reaches the requester when the requester is a member of the group',
      event: incidentEvent({
        action: 'commented',
        visibility: 'internal',
        changes: [commentChange()],
      }),
      facts: { watchers: [], comment: comment(agent, 'internal'), groupMembers: new Set([agent, requester]) },
      expected: [[requester, 'work-note']],
    },
    {
      name: 'a major-incident update reaches the child requester once, as a major update',
      event: incidentEvent({
        action: 'commented',
        visibility: 'public',
        changes: [commentChange(), { field: 'majorUpdate', before: null, after: { id: 'MAJ', number: 'INC0000900' } }],
      }),
      facts: { watchers: [requester, watcher], comment: comment(agent), groupMembers: new Set() },
      expected: [
        [requester, 'major-update'],
        [watcher, 'major-update'],
      ],
    },
  ];

  it.each(cases)('$name', ({ event, facts, expected }) => {
    expect(recipients(event, facts)).toEqual(expected);
  });

  it('gives the templates the ticket, comment, resolution and major incident', () => {
    const resolved = planNotifications(
      incidentEvent({
        changes: [
          { field: 'status', before: 'in_progress', after: 'resolved' },
          { field: 'resolutionCode', before: null, after: 'solved_workaround' },
          { field: 'resolutionNotes', before: null, after: 'Rebooted the gateway.' },
        ],
      }),
      noFacts,
    );
    expect(resolved?.data).toMatchObject({
      recordId: 'INC-ID-1',
      number: 'INC0001001',
      title: 'VPN drops every hour',
      resolution: { code: 'solved_workaround', notes: 'Rebooted the gateway.' },
    });
    const update = planNotifications(
      incidentEvent({
        action: 'commented',
        visibility: 'public',
        changes: [commentChange(), { field: 'majorUpdate', before: null, after: { id: 'MAJ', number: 'INC0000900' } }],
      }),
      { watchers: [], comment: comment(agent), groupMembers: new Set() },
    );
    expect(update?.data.comment).toEqual({ id: 'C1', body: 'Please restart the client.' });
    expect(update?.data.majorIncident).toEqual({ id: 'MAJ', number: 'INC0000900' });
  });

  it('refuses to plan a comment notification without the comment', () => {
    const event = incidentEvent({ action: 'commented', visibility: 'public', changes: [commentChange()] });
    expect(() => planNotifications(event, noFacts)).toThrow(MissingFactsError);
  });
});

describe('whatToRead', () => {
  const cases: { name: string; event: AuditEvent; expected: ReturnType<typeof whatToRead> }[] = [
    { name: 'create: nothing to load', event: incidentEvent({ action: 'created' }), expected: { watchers: false } },
    {
      name: 'public comment: the watchers and the comment',
      event: incidentEvent({ action: 'commented', visibility: 'public', changes: [commentChange('C9')] }),
      expected: { watchers: true, commentId: 'C9' },
    },
    {
      name: 'work note: also the members of the assignment group',
      event: incidentEvent({ action: 'commented', visibility: 'internal', changes: [commentChange('C9')] }),
      expected: { watchers: true, commentId: 'C9', groupId: 'network' },
    },
    {
      name: 'work note on an unassigned incident: nobody to tell',
      event: incidentEvent({
        action: 'commented',
        visibility: 'internal',
        changes: [commentChange()],
        subject: { assignmentGroup: null },
      }),
      expected: undefined,
    },
    {
      name: 'priority change: nobody to tell',
      event: incidentEvent({ changes: [{ field: 'priority', before: 'P3', after: 'P1' }] }),
      expected: undefined,
    },
    {
      name: 'watcher added: nobody to tell',
      event: incidentEvent({ action: 'watcher_added' }),
      expected: undefined,
    },
    {
      name: 'a group event: not an incident',
      event: { ...incidentEvent({ action: 'created' }), recordType: 'group', recordId: 'group:network' },
      expected: undefined,
    },
    {
      name: 'an event without a subject snapshot',
      event: { ...incidentEvent({ action: 'created' }), subject: undefined },
      expected: undefined,
    },
  ];

  it.each(cases)('$name', ({ event, expected }) => {
    expect(whatToRead(event)).toEqual(expected);
  });
});

describe('planSlaNotifications', () => {
  const sla = { clock: 'response', dueAt: '2026-01-02T04:00:00.000Z', at: '2026-01-02T03:45:00.000Z' } as const;
  const system: ChangeActor = { id: 'system', username: 'nimbus', system: { reason: 'SLA' } };

  it('plans one sla-warning or sla-breach mail per named recipient, with the clock facts', () => {
    const warned = planSlaNotifications(incidentEvent({ action: 'sla_warned', actor: system }), sla, [
      agent,
      null,
      agent,
    ]);
    expect(warned?.notifications).toEqual([{ kind: 'sla-warning', recipientId: agent }]);
    expect(warned?.data).toMatchObject({ number: 'INC0001001', priority: 'P3', assignmentGroup: 'network', sla });
    const breached = planSlaNotifications(incidentEvent({ action: 'sla_breached', actor: system }), sla, [
      agent,
      colleague,
    ]);
    expect(breached?.notifications).toEqual([
      { kind: 'sla-breach', recipientId: agent },
      { kind: 'sla-breach', recipientId: colleague },
    ]);
  });

  it('plans nothing for other events, and the notifications consumer leaves milestones to the SLA actions', () => {
    expect(planSlaNotifications(incidentEvent({ action: 'sla_updated' }), sla, [agent])).toBeUndefined();
    expect(whatToRead(incidentEvent({ action: 'sla_breached', actor: system }))).toBeUndefined();
  });

  it('carries the Message-ID of the mail that raised the incident to its acknowledgement, when well-formed', () => {
    const created = (id: unknown) =>
      incidentEvent({
        action: 'created',
        actor: person(requester),
        subject: { assignee: null },
        changes: [{ field: 'inboundMessageId', before: null, after: id }],
      });
    const facts = { watchers: [], groupMembers: new Set<string>() };
    expect(planNotifications(created('<m1@example.com>'), facts)?.data.inboundMessageId).toBe('<m1@example.com>');
    expect(planNotifications(created('<m1@ex\r\nBcc: x>'), facts)?.data.inboundMessageId).toBeUndefined();
    expect(planNotifications(created(null), facts)?.data.inboundMessageId).toBeUndefined();
  });
});
