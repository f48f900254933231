import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import type { ConsumerContext, Once } from '../../../../functions/dispatch/consumer';
import { composeMessage } from '../../../../functions/dispatch/mail/compose';
import { notificationsConsumer } from '../../../../functions/dispatch/notifications/notify';
import type {
  CommentView,
  Mailer,
  NotificationDeps,
  NotificationReader,
  OutboundMail,
  SentMail,
  SentMailRecord,
} from '../../../../functions/domain/notifications/ports';
import type { Person } from '../../../../functions/domain/people/ports';
import type { AuditEvent } from '../../../../functions/domain/shared/audit';
import { fixedClock } from '../../../../functions/domain/shared/clock';
import { aPerson, desk } from '../support';

/** The ledger's contract in memory: claim, run, keep the claim when done, release it when the effect throws. */
function memoryOnce(): Once {
  const claimed = new Set<string>();
  return async (key, effect) => {
    if (claimed.has(key)) return 'skipped';
    claimed.add(key);
    try {
      await effect();
      return 'done';
    } catch (error) {
      claimed.delete(key);
      throw error;
    }
  };
}

class RecordingMailer implements Mailer {
  readonly sent: OutboundMail[] = [];
  failNext = 0;
  async send(mail: OutboundMail): Promise<SentMail> {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('SES throttled');
    }
    this.sent.push(mail);
    return { messageId: mail.messageId, deliveredMessageId: `<ses-${this.sent.length}@email.amazonses.com>` };
  }
}

interface Calls {
  watchers: number;
  comment: number;
  groupMembers: number;
  getMany: string[][];
  suppressed: string[][];
}

function setup(options: { people?: Person[]; watchers?: string[]; members?: string[]; suppressed?: string[] } = {}) {
  const people = new Map((options.people ?? defaultPeople).map((p) => [p.id, p]));
  const calls: Calls = { watchers: 0, comment: 0, groupMembers: 0, getMany: [], suppressed: [] };
  const comments = new Map<string, CommentView>([
    ['C1', { id: 'C1', body: 'Restart the VPN client, please.', visibility: 'public', authorId: 'u-agent' }],
    ['N1', { id: 'N1', body: 'Gateway logs show resets.', visibility: 'internal', authorId: 'u-agent' }],
  ]);
  const reader: NotificationReader = {
    async watchers() {
      calls.watchers++;
      return options.watchers ?? [];
    },
    async comment(_recordId, commentId) {
      calls.comment++;
      return comments.get(commentId);
    },
    async groupMembers() {
      calls.groupMembers++;
      return new Set(options.members ?? []);
    },
  };
  const mailer = new RecordingMailer();
  const log: SentMailRecord[] = [];
  let n = 0;
  const deps: NotificationDeps = {
    people: {
      get: async (id) => people.get(id),
      async getMany(ids) {
        calls.getMany.push([...ids]);
        return new Map(ids.flatMap((id) => (people.has(id) ? [[id, people.get(id)!] as const] : [])));
      },
      findByEmail: async () => undefined,
    },
    reader,
    suppressions: {
      async suppressed(addresses) {
        calls.suppressed.push([...addresses]);
        return new Set(addresses.filter((a) => options.suppressed?.includes(a)));
      },
    },
    mailer,
    sentMail: {
      async record(sent) {
        log.push(sent);
      },
    },
    config: desk,
    ids: { next: () => `01JMSG${String(++n).padStart(20, '0')}` },
    clock: fixedClock('2026-02-03T04:05:06.000Z'),
  };
  const context: ConsumerContext = { once: memoryOnce() };
  return { consumer: notificationsConsumer(deps), deps, mailer, log, calls, context };
}

const defaultPeople = [
  aPerson('u-requester', { name: 'Rita Requester', email: 'rita@example.com' }),
  aPerson('u-agent', { name: 'Andy Agent' }),
  aPerson('u-colleague', { name: 'Cleo Colleague' }),
  aPerson('u-watcher', { name: 'Walt Watcher' }),
];

function event(overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id: '01JEVENT000000000000000001',
    recordType: 'incident',
    recordId: '01JRECORD00000000000000001',
    action: 'created',
    actor: { id: 'u-requester', username: 'requester' },
    at: '2026-02-03T04:05:00.000Z',
    changes: [],
    subject: {
      number: 'INC0001001',
      title: 'VPN drops every hour',
      status: 'new',
      priority: 'P3',
      assignmentGroup: 'network',
      assignee: 'u-agent',
      requesterId: 'u-requester',
      requesterName: 'Rita Requester',
      major: false,
      parentId: null,
    },
    ...overrides,
  };
}

const publicComment = event({
  action: 'commented',
  actor: { id: 'u-agent', username: 'agent' },
  visibility: 'public',
  changes: [{ field: 'comment', before: null, after: 'C1' }],
});

describe('notifications consumer', () => {
  it('wants incident events that can notify someone, nothing else', () => {
    const { consumer } = setup();
    expect(consumer.name).toBe('notifications');
    expect(consumer.wants(event())).toBe(true);
    expect(consumer.wants(publicComment)).toBe(true);
    expect(consumer.wants(event({ action: 'watcher_added' }))).toBe(false);
    expect(consumer.wants(event({ recordType: 'group', recordId: 'group:network' }))).toBe(false);
  });

  it('acknowledges a new incident to the requester, reading nothing but the people', async () => {
    const { consumer, mailer, log, calls, context } = setup();
    await consumer.handle(event(), context);

    expect(calls).toMatchObject({ watchers: 0, comment: 0, groupMembers: 0 });
    expect(calls.getMany).toEqual([['u-requester']]);
    expect(mailer.sent).toHaveLength(1);
    const [mail] = mailer.sent;
    expect(mail.to).toEqual([{ address: 'rita@example.com', name: 'Rita Requester' }]);
    expect(mail.subject).toBe('[INC0001001] We have received your request: VPN drops every hour');
    expect(mail.messageId).toBe('<01JMSG00000000000000000001@mail.nimbus.example>');
    expect(mail.replyTo).toEqual(desk.replyTo);
    expect(mail.headers['Auto-Submitted']).toBe('auto-generated');
    expect(log).toEqual([
      {
        messageIds: ['<01JMSG00000000000000000001@mail.nimbus.example>', '<ses-1@email.amazonses.com>'],
        recordType: 'incident',
        recordId: '01JRECORD00000000000000001',
        number: 'INC0001001',
        kind: 'acknowledgement',
        recipientId: 'u-requester',
        sourceEventId: '01JEVENT000000000000000001',
        sentAt: '2026-02-03T04:05:06.000Z',
      },
    ]);
  });

  it('sends a public comment to the requester and watchers, naming its author', async () => {
    const { consumer, mailer, calls, context } = setup({ watchers: ['u-watcher', 'u-agent'] });
    await consumer.handle(publicComment, context);

    expect(calls).toMatchObject({ watchers: 1, comment: 1, groupMembers: 0 });
    expect(mailer.sent.map((m) => m.to[0].address).sort()).toEqual(['rita@example.com', 'watcher@example.com']);
    const parsed = await simpleParser(await composeMessage(mailer.sent[0], new Date()));
    expect(parsed.text).toContain('Andy Agent commented on INC0001001');
    expect(parsed.text).toContain('Restart the VPN client, please.');
    expect(parsed.html).toContain('Restart the VPN client, please.');
  });

  it('keeps work notes inside the assignment group', async () => {
    const { consumer, mailer, calls, context } = setup({
      watchers: ['u-watcher', 'u-colleague'],
      members: ['u-agent', 'u-colleague'],
    });
    await consumer.handle(
      event({
        action: 'commented',
        actor: { id: 'u-agent', username: 'agent' },
        visibility: 'internal',
        changes: [{ field: 'comment', before: null, after: 'N1' }],
      }),
      context,
    );
    expect(calls.groupMembers).toBe(1);
    expect(mailer.sent.map((m) => [m.to[0].address, m.subject])).toEqual([
      ['colleague@example.com', '[INC0001001] Internal work note: VPN drops every hour'],
    ]);
  });

  it('delivers the same event twice but mails once', async () => {
    const { consumer, mailer, log, context } = setup({ watchers: ['u-watcher'] });
    await consumer.handle(publicComment, context);
    await consumer.handle(publicComment, context);
    expect(mailer.sent).toHaveLength(2);
    expect(log).toHaveLength(2);
  });

  it('fails the event when a send fails, and the retry sends only what is missing', async () => {
    const { consumer, mailer, context } = setup({ watchers: ['u-watcher'] });
    mailer.failNext = 1;
    await expect(consumer.handle(publicComment, context)).rejects.toThrow('SES throttled');
    expect(mailer.sent).toHaveLength(1);

    await consumer.handle(publicComment, context);
    expect(mailer.sent.map((m) => m.to[0].address).sort()).toEqual(['rita@example.com', 'watcher@example.com']);
  });

  it('reports every failed send when several fail', async () => {
    const { consumer, mailer, context } = setup({ watchers: ['u-watcher'] });
    mailer.failNext = 2;
    await expect(consumer.handle(publicComment, context)).rejects.toBeInstanceOf(AggregateError);
    await consumer.handle(publicComment, context);
    expect(mailer.sent).toHaveLength(2);
  });

  it('skips people without an address, inactive people, unknown ids and suppressed addresses', async () => {
    const { consumer, mailer, calls, context } = setup({
      people: [
        aPerson('u-requester', { email: 'Rita@Example.com' }),
        aPerson('u-agent'),
        aPerson('u-watcher', { email: undefined }),
        aPerson('u-colleague', { active: false }),
        aPerson('u-fan', { email: 'fan@example.com' }),
      ],
      watchers: ['u-watcher', 'u-colleague', 'u-ghost', 'u-fan'],
      suppressed: ['rita@example.com'],
    });
    await consumer.handle(publicComment, context);

    expect(calls.suppressed).toEqual([['rita@example.com', 'fan@example.com']]);
    expect(mailer.sent.map((m) => m.to[0].address)).toEqual(['fan@example.com']);
  });

  it('sends nothing and asks nobody when no one is left to tell', async () => {
    const { consumer, mailer, calls } = setup({ watchers: [] });
    await consumer.handle(
      { ...publicComment, actor: { id: 'u-requester', username: 'requester' } },
      { once: async () => expect.unreachable('nothing to send') },
    );
    expect(mailer.sent).toEqual([]);
    expect(calls.getMany).toEqual([]);
    expect(calls.suppressed).toEqual([]);
  });

  it('sends the major-incident update to the child requester as one mail', async () => {
    const { consumer, mailer, context } = setup({ watchers: ['u-requester'] });
    await consumer.handle(
      {
        ...publicComment,
        changes: [
          ...publicComment.changes,
          { field: 'majorUpdate', before: null, after: { id: 'M', number: 'INC0000900' } },
        ],
      },
      context,
    );
    expect(mailer.sent.map((m) => m.subject)).toEqual([
      '[INC0001001] Update on major incident INC0000900: VPN drops every hour',
    ]);
  });

  it('asks the directory at most 100 ids at a time', async () => {
    const watchers = Array.from({ length: 150 }, (_, i) => `u-w${i}`);
    const { consumer, mailer, calls, context } = setup({
      people: [...defaultPeople, ...watchers.map((id) => aPerson(id))],
      watchers,
    });
    await consumer.handle(publicComment, context);
    expect(calls.getMany.map((ids) => ids.length)).toEqual([100, 52]);
    expect(mailer.sent).toHaveLength(151);
  });
});
