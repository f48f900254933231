/**
 * `npm run bench`: DynamoDB calls per API operation against the DESIGN §4 budgets (through the real local
 * gateway and handlers on DynamoDB Local in memory), list-page cost at two table sizes, HTTP latency on
 * loopback (printed only), and each practice function's bundle size and import time against the floors.
 * Writes .bench/results.json. Exit 0 all within budget, 1 some operation OVER budget (or a practice function
 * importing in more than 1.2× the library floor), 2 the bench failed.
 * `npm run bench -- bundles`: only the bundle part (no DynamoDB), written to .bench/bundles.json.
 * `npm run bench -- sla`: only the SLA lifecycles (tests/bench/sla-lifecycle.ts), written to .bench/sla.json.
 * `npm run bench -- mail-parse`: peak memory and time of readMail on a 40 MB message (tests/bench/mail-parse.ts),
 * written to .bench/mail-parse.json.
 * `npm run bench -- mail`: DynamoDB calls and time per inbound message (new ticket, reply, duplicate) through
 * processStoredMail (tests/bench/mail-intake.ts), written to .bench/mail.json.
 * `npm run bench -- console`: only the web console (tests/bench/console.ts), written to .bench/console.json.
 * `npm run bench -- change-approval`: CAB approval per path (tests/bench/change-approval.ts), written to
 * .bench/change-approval.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { routeKey, routes } from '../../functions/http/routes';
import { dynamo } from '../../functions/store/client';
import { ephemeralIssuer, type LocalIssuer } from '../../infra/local/issuer';
import { type LocalStack, repositoryRoot, startLocalStack } from '../../infra/local/stack';
import { findUser } from '../../infra/local/users';
import { adminSpecs, seedDeadLetters } from './admin';
import { type BundleResult, measureBundles } from './bundles';
import { approvalReport, measureApprovals } from './change-approval';
import { changeSpecs } from './changes';
import { consoleReport, initialJsGoalBytes, measureConsole } from './console';
import { DynamoCounter } from './ddb-counter';
import { dispatchReport, measureDispatch } from './dispatch';
import { mailIntakeReport, measureMailIntake } from './mail-intake';
import { mailParseReport, measureMailParse } from './mail-parse';
import { measure, type OperationResult, type OperationSpec } from './measure';
import { bundlesTable, floorRatio, floorRatioGoal, operationsTable } from './report';
import { reportSpecs, seedReportBuckets } from './reports';
import { routingSpecs, seedRoutingGroups } from './routing';
import { seedIncidents } from './seed';
import { slaSpecs } from './sla';
import { measureSla, slaReport } from './sla-lifecycle';

const iterations = Number(process.env.BENCH_ITERATIONS ?? 50);
/** Table sizes the list pages are measured at (first page cost must not grow with the table). */
const sizes = [Number(process.env.BENCH_SMALL ?? 1000), Number(process.env.BENCH_LARGE ?? 100_000)] as const;
/** Fresh Node processes per bundle; the median is reported (BENCH_IMPORT_RUNS). */
const importRuns = Number(process.env.BENCH_IMPORT_RUNS ?? 7);
/** Changes whose dispatch is timed (each a create and an assignment). */
const dispatchChanges = Number(process.env.BENCH_DISPATCH_CHANGES ?? 40);
/** Incidents driven through each SLA lifecycle (BENCH_SLA_INCIDENTS). */
const slaIncidents = Number(process.env.BENCH_SLA_INCIDENTS ?? 10);

interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

type Tokens = Record<'alice' | 'bob' | 'erin' | 'frank', string>;

class Api {
  constructor(
    private readonly url: string,
    private readonly tokens: Tokens,
  ) {}

  async send(
    as: keyof Tokens,
    method: string,
    path: string,
    expect: number,
    options: { body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Reply> {
    return this.sendWith(this.tokens[as], method, path, expect, options);
  }

  /** With any token (a user the directory has not seen yet). */
  async sendWith(
    token: string,
    method: string,
    path: string,
    expect: number,
    options: { body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Reply> {
    const as = 'token';
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...options.headers,
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    const text = await response.text();
    if (response.status !== expect) {
      throw new Error(`${method} ${path} as ${as}: expected ${expect}, got ${response.status} ${text.slice(0, 300)}`);
    }
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : {} };
  }
}

const newIncident = (i: number, tag: string) => ({
  title: `Bench ${tag} ${i}: printer offline`,
  description: 'The second-floor printer shows offline for everyone since this morning.',
  impact: 2,
  urgency: 3,
  assignmentGroup: 'service-desk',
});

interface Created {
  readonly id: string;
  readonly number: string;
  readonly etag: string;
}

function created(reply: Reply): Created {
  return { id: String(reply.body.id), number: String(reply.body.number), etag: reply.headers.get('etag') ?? '' };
}

/** The list operations, measured at one table size. */
async function listSpecs(api: Api, tableSize: number): Promise<OperationSpec[]> {
  const list =
    (query: string, as: keyof Tokens = 'bob') =>
    async () => {
      const reply = await api.send(as, 'GET', `/incidents${query}`, 200);
      if (!Array.isArray(reply.body.items) || reply.body.items.length === 0) throw new Error(`Empty page for ${query}`);
    };
  const first = await api.send('bob', 'GET', '/incidents', 200);
  const cursor = first.body.nextCursor;
  if (typeof cursor !== 'string') throw new Error('The first page of GET /incidents has no nextCursor');
  const spec = (name: string, query: string, as: keyof Tokens = 'bob', note?: string): OperationSpec => ({
    name,
    operation: 'listIncidents',
    budget: 1,
    tableSize,
    ...(note ? { note } : {}),
    request: list(query, as),
  });
  return [
    spec('listIncidents (no filter)', ''),
    spec('listIncidents page 2 (cursor)', `?cursor=${encodeURIComponent(cursor)}`),
    spec('listIncidents status=open', '?status=open'),
    spec('listIncidents status=resolved', '?status=resolved'),
    spec('listIncidents requester=me', '?requester=me'),
    spec('listIncidents assignee=me', '?assignee=me'),
    spec('listIncidents assignmentGroup=network', '?assignmentGroup=network'),
    spec('listIncidents as requester', '', 'alice', 'requester=me implied'),
    {
      name: 'getQueue service-desk',
      operation: 'getQueue',
      budget: 2,
      tableSize,
      note: 'page Query ‖ group + membership + count shards (BatchGetItem)',
      request: async () => {
        const reply = await api.send('bob', 'GET', '/queues/service-desk', 200);
        if (!Array.isArray(reply.body.items) || reply.body.items.length === 0) throw new Error('Empty queue page');
      },
    },
    {
      name: 'getQueue service-desk sort=due',
      operation: 'getQueue',
      budget: 2,
      tableSize,
      note: 'SLA items Query (gsi6), then incidents + group + membership + count shards (BatchGetItem); 2 round trips',
      request: async () => {
        const reply = await api.send('bob', 'GET', '/queues/service-desk?sort=due', 200);
        if (!Array.isArray(reply.body.items) || reply.body.items.length === 0) throw new Error('Empty due queue page');
      },
    },
  ];
}

/** Everything but lists: creates first, then reads and writes on what they made. */
function recordSpecs(api: Api): OperationSpec[] {
  const plain: Created[] = [];
  const keyed: Created[] = [];
  const comments: string[] = [];
  const key = (i: number) => `bench-${process.pid}-${i}`;
  return [
    {
      name: 'createIncident',
      operation: 'createIncident',
      budget: 2,
      request: async (i) => {
        plain.push(created(await api.send('bob', 'POST', '/incidents', 201, { body: newIncident(i, 'plain') })));
      },
    },
    {
      name: 'createIncident + Idempotency-Key',
      operation: 'createIncident',
      budget: 2,
      request: async (i) => {
        const reply = await api.send('bob', 'POST', '/incidents', 201, {
          body: newIncident(i, 'keyed'),
          headers: { 'idempotency-key': key(i) },
        });
        keyed.push(created(reply));
      },
    },
    {
      name: 'createIncident idempotent replay',
      operation: 'createIncident',
      budget: 2,
      note: 'counter + cancelled transaction',
      request: async (i) => {
        const reply = await api.send('bob', 'POST', '/incidents', 201, {
          body: newIncident(i, 'keyed'),
          headers: { 'idempotency-key': key(i) },
        });
        if (reply.headers.get('idempotent-replayed') !== 'true' || reply.body.id !== keyed[i].id) {
          throw new Error(`Replay of ${key(i)} did not return the first response`);
        }
      },
    },
    {
      name: 'getIncident by id',
      operation: 'getIncident',
      budget: 1,
      request: async (i) => void (await api.send('bob', 'GET', `/incidents/${plain[i].id}`, 200)),
    },
    {
      name: 'getIncident by number',
      operation: 'getIncident',
      budget: 1,
      request: async (i) => void (await api.send('bob', 'GET', `/incidents/${plain[i].number}`, 200)),
    },
    {
      name: 'updateIncident (status)',
      operation: 'updateIncident',
      budget: 2,
      request: async (i) => {
        const reply = await api.send('bob', 'PATCH', `/incidents/${plain[i].id}`, 200, {
          body: { status: 'in_progress' },
          headers: { 'if-match': plain[i].etag },
        });
        if (reply.body.status !== 'in_progress') throw new Error('Status did not change');
      },
    },
    {
      name: 'updateIncident (assign a colleague)',
      operation: 'updateIncident',
      budget: 2,
      note: 'incident + assignee person in one BatchGetItem + transaction (membership and person checked)',
      request: async (i) => {
        const reply = await api.send('bob', 'PATCH', `/incidents/${plain[i].id}`, 200, {
          body: { assignee: findUser('carol')?.sub },
          headers: { 'if-match': '"2"' },
        });
        if (reply.body.assigneeName !== 'Carol Chen') throw new Error('The assignee has no display name');
      },
    },
    {
      name: 'addComment',
      operation: 'addComment',
      budget: 2,
      note: 'read (visibility) + transaction',
      request: async (i) => {
        const reply = await api.send('bob', 'POST', `/incidents/${plain[i].id}/comments`, 201, {
          body: { body: `Bench comment ${i}: checked the cabling.` },
        });
        comments.push(reply.headers.get('location') ?? '');
      },
    },
    {
      name: 'getComment',
      operation: 'getComment',
      budget: 1,
      note: 'incident + comment in one TransactGetItems',
      request: async (i) => void (await api.send('bob', 'GET', comments[i], 200)),
    },
    {
      name: 'listComments',
      operation: 'listComments',
      budget: 2,
      note: 'sub-resource: authorisation read + Query',
      request: async (i) => void (await api.send('bob', 'GET', `/incidents/${plain[i].id}/comments`, 200)),
    },
    {
      name: 'getHistory',
      operation: 'getHistory',
      budget: 2,
      note: 'sub-resource: authorisation read + Query',
      request: async (i) => void (await api.send('bob', 'GET', `/incidents/${plain[i].id}/history`, 200)),
    },
    ...watchLinkSpecs(api, plain, keyed),
    {
      name: 'bulkIncidentAction (comment on 5)',
      operation: 'bulkIncidentAction',
      budget: 10,
      note: 'per item: authorisation read + transaction',
      request: async (i) => {
        const start = (i * 5) % Math.max(1, plain.length - 5);
        const ids = plain.slice(start, start + 5).map((p) => p.id);
        const reply = await api.send('bob', 'POST', '/incidents/bulk', 207, {
          body: { action: 'comment', ids, body: `Bench bulk ${i}: fix rolling out.` },
        });
        if (reply.body.failed !== 0)
          throw new Error(`Bulk comment failed: ${JSON.stringify(reply.body).slice(0, 300)}`);
      },
    },
    {
      name: 'getMe',
      operation: 'getMe',
      budget: 0,
      note: 'token claims only',
      request: async () => void (await api.send('alice', 'GET', '/me', 200)),
    },
    {
      name: 'getOpenApi',
      operation: 'getOpenApi',
      budget: 0,
      note: 'public, no data',
      request: async () => void (await api.send('alice', 'GET', '/openapi.json', 200)),
    },
  ];
}

/** The assignment group operations (admin erin writes, agent bob reads). */
function groupSpecs(api: Api): OperationSpec[] {
  const slug = (i: number, tag: string) => `bench-${tag}-${process.pid}-${i}`;
  const newGroup = (i: number, tag: string, extra: Record<string, unknown> = {}) => ({
    id: slug(i, tag),
    name: `Bench group ${i}`,
    manager: { id: findUser('bob')?.sub as string, username: 'bob' },
    ...extra,
  });
  // Members and managers must be known people (422 UNKNOWN_USER otherwise): the demo users, synced at the start.
  const member = (_i: number) => ({ userId: findUser('frank')?.sub as string, username: 'frank' });
  const plain = (i: number) => slug(i, 'plain');
  const key = (i: number) => `bench-group-${process.pid}-${i}`;
  const spec = (
    name: string,
    operation: string,
    budget: number,
    request: (i: number) => Promise<unknown>,
    note?: string,
  ): OperationSpec => ({
    name,
    operation,
    budget,
    ...(note ? { note } : {}),
    request: async (i) => void (await request(i)),
  });
  return [
    spec('createGroup', 'createGroup', 2, (i) =>
      api.send('erin', 'POST', '/groups', 201, { body: newGroup(i, 'plain') }),
    ),
    spec(
      'createGroup + escalationGroup',
      'createGroup',
      2,
      (i) => api.send('erin', 'POST', '/groups', 201, { body: newGroup(i, 'esc', { escalationGroup: plain(i) }) }),
      'ConditionCheck inside the transaction',
    ),
    spec('createGroup + Idempotency-Key', 'createGroup', 2, (i) =>
      api.send('erin', 'POST', '/groups', 201, { body: newGroup(i, 'keyed'), headers: { 'idempotency-key': key(i) } }),
    ),
    spec(
      'createGroup idempotent replay',
      'createGroup',
      2,
      async (i) => {
        const reply = await api.send('erin', 'POST', '/groups', 201, {
          body: newGroup(i, 'keyed'),
          headers: { 'idempotency-key': key(i) },
        });
        if (reply.headers.get('idempotent-replayed') !== 'true')
          throw new Error(`Replay of ${key(i)} was not replayed`);
      },
      'cancelled transaction',
    ),
    spec('getGroup', 'getGroup', 1, (i) => api.send('bob', 'GET', `/groups/${plain(i)}`, 200)),
    spec('listGroups', 'listGroups', 1, () => api.send('bob', 'GET', '/groups', 200)),
    spec(
      'updateGroup (rename)',
      'updateGroup',
      2,
      (i) =>
        api.send('erin', 'PATCH', `/groups/${plain(i)}`, 200, {
          body: { name: `Renamed ${i}` },
          headers: { 'if-match': '"1"' },
        }),
      'read + transaction',
    ),
    spec(
      'updateGroup (escalationGroup)',
      'updateGroup',
      2,
      (i) =>
        api.send('erin', 'PATCH', `/groups/${slug(i, 'keyed')}`, 200, {
          body: { escalationGroup: plain(i) },
          headers: { 'if-match': '"1"' },
        }),
      'read + transaction with ConditionCheck',
    ),
    spec('addMember', 'addMember', 2, (i) =>
      api.send('erin', 'POST', `/groups/${plain(i)}/members`, 201, { body: member(i) }),
    ),
    spec(
      'addMember (already a member)',
      'addMember',
      2,
      (i) => api.send('erin', 'POST', `/groups/${plain(i)}/members`, 200, { body: member(i) }),
      'cancelled transaction returns the membership',
    ),
    spec('getMember', 'getMember', 1, (i) =>
      api.send('bob', 'GET', `/groups/${plain(i)}/members/${member(i).userId}`, 200),
    ),
    spec('listMembers', 'listMembers', 1, (i) => api.send('bob', 'GET', `/groups/${plain(i)}/members`, 200)),
    spec('listGroups member=<user>', 'listGroups', 1, (i) =>
      api.send('bob', 'GET', `/groups?member=${member(i).userId}`, 200),
    ),
    spec('getGroupHistory', 'getGroupHistory', 1, (i) => api.send('erin', 'GET', `/groups/${plain(i)}/history`, 200)),
    spec(
      'removeMember',
      'removeMember',
      2,
      (i) => api.send('erin', 'DELETE', `/groups/${plain(i)}/members/${member(i).userId}`, 204),
      'read (for the audit event) + transaction',
    ),
  ];
}

/** Watchers and links on the incidents the record specs created (frank is a requester who watches them). */
function watchLinkSpecs(api: Api, plain: Created[], keyed: Created[]): OperationSpec[] {
  const frank = findUser('frank')?.sub as string;
  const watchers = (i: number) => `/incidents/${plain[i].id}/watchers`;
  const links = (i: number) => `/incidents/${plain[i].id}/links`;
  return [
    {
      name: 'addWatcher (agent adds a requester)',
      operation: 'addWatcher',
      budget: 2,
      note: 'authorisation read + transaction',
      request: async (i) =>
        void (await api.send('bob', 'POST', watchers(i), 201, { body: { userId: frank, username: 'frank' } })),
    },
    {
      name: 'addWatcher (already watching)',
      operation: 'addWatcher',
      budget: 2,
      note: 'read + cancelled transaction → 200',
      request: async (i) => void (await api.send('frank', 'POST', watchers(i), 200, { body: {} })),
    },
    {
      name: 'getIncident by id as a watcher',
      operation: 'getIncident',
      budget: 1,
      note: 'incident + watch in one TransactGetItems',
      request: async (i) => void (await api.send('frank', 'GET', `/incidents/${plain[i].id}`, 200)),
    },
    {
      name: 'getIncident by number as a watcher',
      operation: 'getIncident',
      budget: 2,
      note: 'Query gsi1 + GetItem watch (requester not the owner)',
      request: async (i) => void (await api.send('frank', 'GET', `/incidents/${plain[i].number}`, 200)),
    },
    {
      name: 'listWatchers',
      operation: 'listWatchers',
      budget: 2,
      note: 'sub-resource: authorisation read + Query',
      request: async (i) => void (await api.send('frank', 'GET', watchers(i), 200)),
    },
    {
      name: 'listIncidents watching=me',
      operation: 'listIncidents',
      budget: 2,
      note: 'Query watch gsi1 + BatchGetItem incidents',
      request: async () => {
        const reply = await api.send('frank', 'GET', '/incidents?watching=me', 200);
        if (!Array.isArray(reply.body.items) || reply.body.items.length === 0) throw new Error('Empty watching page');
      },
    },
    {
      name: 'removeWatcher (me)',
      operation: 'removeWatcher',
      budget: 2,
      note: 'authorisation read + transaction',
      request: async (i) => void (await api.send('frank', 'DELETE', `${watchers(i)}/me`, 204)),
    },
    {
      name: 'addLink child (ids)',
      operation: 'addLink',
      budget: 2,
      note: 'both incidents in one TransactGetItems + transaction',
      request: async (i) =>
        void (await api.send('bob', 'POST', links(i), 201, { body: { type: 'child', target: keyed[i].id } })),
    },
    {
      name: 'addLink relates_to (target by number)',
      operation: 'addLink',
      budget: 3,
      note: 'GetItem + Query gsi1 (number) + transaction',
      request: async (i) =>
        void (await api.send('bob', 'POST', links(i), 201, {
          body: { type: 'relates_to', target: plain[(i + 1) % plain.length].number },
        })),
    },
    {
      name: 'listLinks',
      operation: 'listLinks',
      budget: 2,
      note: 'sub-resource: authorisation read + Query',
      request: async (i) => void (await api.send('bob', 'GET', links(i), 200)),
    },
    {
      name: 'listLinks type=parent_of',
      operation: 'listLinks',
      budget: 2,
      note: 'authorisation read + Query gsi1',
      request: async (i) => void (await api.send('bob', 'GET', `${links(i)}?type=parent_of`, 200)),
    },
    {
      name: 'removeLink (parent/child)',
      operation: 'removeLink',
      budget: 2,
      note: 'incident + link in one TransactGetItems + transaction',
      request: async (i) => void (await api.send('bob', 'DELETE', `${links(i)}/${keyed[i].id}`, 204)),
    },
  ];
}

/** Resolved major incidents with two open children each, prepared before measuring the fan-out on them. */
async function majorIncidentSpecs(api: Api): Promise<OperationSpec[]> {
  const majors: string[] = [];
  for (let i = 0; i < iterations; i++) {
    const major = created(await api.send('bob', 'POST', '/incidents', 201, { body: newIncident(i, 'major') }));
    await api.send('bob', 'PATCH', `/incidents/${major.id}`, 200, {
      body: { major: true },
      headers: { 'if-match': '"1"' },
    });
    for (const tag of ['child-a', 'child-b']) {
      const child = created(
        await api.send('alice', 'POST', '/incidents', 201, {
          body: { ...newIncident(i, tag), assignmentGroup: undefined },
        }),
      );
      await api.send('bob', 'POST', `/incidents/${major.id}/links`, 201, { body: { type: 'child', target: child.id } });
    }
    await api.send('bob', 'PATCH', `/incidents/${major.id}`, 200, {
      body: { status: 'resolved', resolutionCode: 'solved_permanently', resolutionNotes: 'Bench fix' },
      headers: { 'if-match': '"2"' },
    });
    majors.push(major.id);
  }
  return [
    {
      name: 'postMajorUpdate (2 children)',
      operation: 'postMajorUpdate',
      budget: 7,
      note: 'major read + own comment + children Query + 2 per child',
      request: async (i) => {
        const reply = await api.send('bob', 'POST', `/incidents/${majors[i]}/major-updates`, 201, {
          body: { body: `Bench update ${i}: failover in progress.` },
        });
        const statuses = (reply.body.children as { status: number }[]).map((c) => c.status);
        if (statuses.join() !== '201,201') throw new Error(`Children not reached: ${statuses.join()}`);
      },
    },
    {
      name: 'resolveChildren (2 children)',
      operation: 'resolveChildren',
      budget: 6,
      note: 'major read + children Query + 2 per child',
      request: async (i) => {
        const reply = await api.send('bob', 'POST', `/incidents/${majors[i]}/resolve-children`, 207);
        if (reply.body.succeeded !== 2) throw new Error(`Children not resolved: ${JSON.stringify(reply.body)}`);
      },
    },
  ];
}

/**
 * The people directory: search and reads, the admin sync, and what the refresh from the token costs — once per user
 * per day per container (each iteration here is a user the directory has never seen), then nothing.
 */
function peopleSpecs(api: Api, issuer: LocalIssuer): OperationSpec[] {
  const alice = findUser('alice')?.sub as string;
  const newcomer = (i: number) =>
    issuer.sign({
      sub: `0b9e2c1a-0000-4000-8000-${String(process.pid).padStart(6, '0')}${String(i).padStart(6, '0')}`,
      username: `newcomer-${process.pid}-${i}`,
      name: `New Comer ${i}`,
      email: `newcomer-${process.pid}-${i}@example.com`,
      groups: [],
    });
  return [
    {
      name: 'searchPeople',
      operation: 'searchPeople',
      budget: 1,
      note: 'one Query on the token index',
      request: async () => {
        const reply = await api.send('bob', 'GET', '/users?query=ali', 200);
        if (!Array.isArray(reply.body.items) || reply.body.items.length === 0) throw new Error('Nobody found');
      },
    },
    {
      name: 'getPerson by id',
      operation: 'getPerson',
      budget: 1,
      request: async () => void (await api.send('bob', 'GET', `/users/${alice}`, 200)),
    },
    {
      name: 'getPerson me (refresh remembered)',
      operation: 'getPerson',
      budget: 1,
      request: async () => void (await api.send('alice', 'GET', '/users/me', 200)),
    },
    {
      name: 'getPerson me (a new user: the refresh creates them)',
      operation: 'getPerson',
      budget: 3,
      note: 'refresh GetItem + TransactWriteItems, then the read; once per user per day',
      request: async (i) => void (await api.sendWith(await newcomer(i), 'GET', '/users/me', 200)),
    },
    {
      name: 'syncPeople (nothing changed)',
      operation: 'syncPeople',
      budget: 1,
      note: 'one BatchGetItem per page of users; one transaction per changed person',
      request: async () => {
        const reply = await api.send('erin', 'POST', '/users/sync', 200);
        if (reply.body.created !== 0 || reply.body.updated !== 0) throw new Error('The sync changed people');
      },
    },
  ];
}

async function tokensFrom(issuer: LocalIssuer): Promise<Tokens> {
  const sign = (name: string) => {
    const user = findUser(name);
    if (!user) throw new Error(`No demo user ${name}`);
    return issuer.sign(user);
  };
  return { alice: await sign('alice'), bob: await sign('bob'), erin: await sign('erin'), frank: await sign('frank') };
}

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

async function measureOperations(): Promise<OperationResult[]> {
  const started = performance.now();
  const issuer = await ephemeralIssuer();
  let stack: LocalStack | undefined;
  const stop = async () => {
    const running = stack;
    stack = undefined;
    await running?.stop();
  };
  const onSignal = (signal: NodeJS.Signals) => {
    void stop().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    stack = await startLocalStack({
      issuer,
      tableName: `nimbus-bench-${process.pid}`,
      seedDemo: true,
      // Request budgets count the request's own calls: the dispatcher is measured on its own (bench/dispatch.ts).
      dispatch: false,
      smtpPort: 0,
    });
    console.log(`DynamoDB Local at ${stack.dynamoEndpoint}, gateway at ${stack.url} (${seconds(started)})`);
    const counter = new DynamoCounter();
    counter.install(dynamo());
    const api = new Api(stack.url, await tokensFrom(issuer));
    // Each user's first request of the day refreshes their person from the token (a read, maybe a write); this
    // process then remembers them, as a warm Lambda container does. Measured apart, in peopleSpecs.
    for (const who of ['alice', 'bob', 'erin', 'frank'] as const) await api.send(who, 'GET', '/users/me', 200);
    const results: OperationResult[] = [];
    const run = async (specs: OperationSpec[]) => {
      for (const spec of specs) results.push(await measure(spec, counter, iterations));
    };

    let incidents = 0;
    for (const size of sizes) {
      const t = performance.now();
      await seedIncidents(size - incidents, incidents);
      incidents = size;
      console.log(`Seeded ${size} incidents (${seconds(t)})`);
      await run(await listSpecs(api, incidents));
      if (size === sizes[0]) {
        await run(recordSpecs(api));
        await run(await majorIncidentSpecs(api));
        await seedRoutingGroups();
        await run(routingSpecs((...args) => api.send(...args)));
        incidents += 2 * iterations;
        await run(groupSpecs(api));
        await run(adminSpecs((...args) => api.send(...args), await seedDeadLetters(iterations)));
        await run(peopleSpecs(api, issuer));
        await run(changeSpecs((...args) => api.send(...args)));
        await run(await slaSpecs((...args) => api.send(...args)));
        const t = performance.now();
        const buckets = await seedReportBuckets();
        console.log(`Seeded ${buckets} SLA report bucket items (${seconds(t)})`);
        await run(reportSpecs((...args) => api.send(...args)));
      }
    }
    const probe = results.find((r) => r.name === 'getIncident by id');
    if (!probe || probe.calls.max === 0) {
      throw new Error('The counting middleware saw no DynamoDB calls: it is not on the client the handlers use');
    }
    const unmeasured = routes.filter((r) => !results.some((m) => m.operation === r.operation));
    if (unmeasured.length) {
      console.log(`Not measured (add them to tests/bench/run.ts): ${unmeasured.map((r) => routeKey(r)).join(', ')}`);
    }
    console.log(`Measured ${results.length} operations × ${iterations} requests (${seconds(started)} in all)`);
    return results;
  } finally {
    dynamo().destroy();
    await stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** The bundle part alone: each practice function's size and import time against the floors, side by side. */
async function bundlePart(): Promise<{ bundles: BundleResult[]; overGoal: string[] }> {
  const started = performance.now();
  const bundles = await measureBundles(repositoryRoot, importRuns);
  console.log(
    `\nPractice bundles (esbuild ESM, minified, node24, all bundled; import wall and CPU time = medians of ${importRuns} fresh node processes, ${seconds(started)})\n`,
  );
  console.log(bundlesTable(bundles));
  const overGoal = bundles
    .filter((b) => b.kind === 'practice' && (floorRatio(b, bundles) ?? 0) > floorRatioGoal)
    .map((b) => b.name);
  console.log(
    overGoal.length
      ? `\nImport time OVER ${floorRatioGoal}× the library floor: ${overGoal.join(', ')}`
      : `\nEvery practice function imports within ${floorRatioGoal}× the library floor.`,
  );
  return { bundles, overGoal };
}

async function writeResults(name: string, results: Record<string, unknown>): Promise<void> {
  const outDir = join(repositoryRoot, '.bench');
  await mkdir(outDir, { recursive: true });
  const file = join(outDir, name);
  await writeFile(
    file,
    `${JSON.stringify({ generatedAt: new Date().toISOString(), node: process.version, ...results }, null, 2)}\n`,
  );
  console.log(`Results written to ${file}`);
}

async function main(parts: readonly string[]): Promise<number> {
  process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
  if (parts.length === 1 && parts[0] === 'mail-parse') {
    const mailParse = await measureMailParse();
    console.log(`\n${mailParseReport(mailParse)}`);
    await writeResults('mail-parse.json', { mailParse });
    return 0;
  }
  if (parts.length === 1 && parts[0] === 'change-approval') {
    const approvals = await measureApprovals(Number(process.env.BENCH_APPROVAL_ROUNDS ?? 5));
    console.log(`\n${approvalReport(approvals)}`);
    await writeResults('change-approval.json', { approvals });
    return 0;
  }
  if (parts.length === 1 && parts[0] === 'mail') {
    const mail = await measureMailIntake(Number(process.env.BENCH_MAIL_MESSAGES ?? 20));
    console.log(`\n${mailIntakeReport(mail)}`);
    await writeResults('mail.json', { mail });
    return 0;
  }
  const unknown = parts.filter((p) => p !== 'bundles' && p !== 'dispatch' && p !== 'sla' && p !== 'console');
  if (unknown.length) {
    throw new Error(
      `Unknown bench part ${unknown.join(', ')}; use no argument, "bundles", "dispatch", "sla" or "console"`,
    );
  }
  if (parts.includes('console')) {
    const webConsole = await measureConsole();
    console.log(`\n${consoleReport(webConsole)}`);
    await writeResults('console.json', { console: webConsole });
    return webConsole.initialJsGzip > initialJsGoalBytes ? 1 : 0;
  }
  if (parts.includes('sla')) {
    const sla = await measureSla(slaIncidents);
    console.log(`\n${slaReport(sla)}`);
    await writeResults('sla.json', { sla });
    return 0;
  }
  if (parts.includes('dispatch')) {
    const dispatch = await measureDispatch(dispatchChanges);
    console.log(`\n${dispatchReport(dispatch)}`);
    await writeResults('dispatch.json', { dispatch });
    return 0;
  }
  if (parts.includes('bundles')) {
    const { bundles, overGoal } = await bundlePart();
    await writeResults('bundles.json', { bundles, importOverGoal: overGoal });
    return overGoal.length ? 1 : 0;
  }
  const operations = await measureOperations();

  console.log(`\nDynamoDB calls per request (budgets: DESIGN §4; latency over loopback HTTP, not asserted)\n`);
  console.log(operationsTable(operations));

  const { bundles, overGoal } = await bundlePart();

  const dispatch = await measureDispatch(dispatchChanges);
  console.log(`\n${dispatchReport(dispatch)}`);

  const sla = await measureSla(slaIncidents);
  console.log(`\n${slaReport(sla)}`);

  const listRows = operations.filter((r) => r.tableSize !== undefined);
  const scaling = [...new Set(listRows.map((r) => r.name))].map((name) => {
    const bySize = listRows.filter((r) => r.name === name);
    return {
      name,
      calls: bySize.map((r) => ({ tableSize: r.tableSize, calls: r.calls.max, capacity: r.capacityMean })),
    };
  });
  const flat = scaling.every((s) => new Set(s.calls.map((c) => c.calls)).size === 1);
  const sameUnits = scaling.every((s) => new Set(s.calls.map((c) => c.capacity?.toFixed(1))).size === 1);
  console.log(`\nFirst pages at ${sizes.join(' and ')} incidents (calls, read units):`);
  for (const s of scaling) {
    console.log(
      `  ${s.name.padEnd(40)} ${s.calls.map((c) => `${c.tableSize}: ${c.calls} calls, ${c.capacity?.toFixed(1)} RCU`).join('   ')}`,
    );
  }
  console.log(
    `${flat ? 'Same number of calls per page at every size' : 'Calls per page CHANGE with table size'}; ${sameUnits ? 'same read units' : 'read units CHANGE with table size'}.`,
  );

  const webConsole = await measureConsole();
  console.log(`\n${consoleReport(webConsole)}`);

  const over = operations.filter((r) => r.verdict === 'OVER');
  await writeResults('results.json', {
    iterations,
    operations,
    listScaling: { flat, sameUnits, rows: scaling },
    bundles,
    dispatch,
    sla,
    console: webConsole,
    overBudget: over.map((r) => r.name),
    importOverGoal: overGoal,
  });
  if (!flat) {
    console.log('\nA list page costs more calls on the bigger table: an access pattern is not one Query per page.');
    return 1;
  }
  if (over.length) {
    console.log(`\nOVER budget: ${over.map((r) => `${r.name} (${r.calls.max} > ${r.budget})`).join(', ')}`);
    return 1;
  }
  if (overGoal.length) return 1;
  console.log('\nAll operations within their DynamoDB call budgets.');
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('Bench failed:', error);
    process.exit(2);
  },
);
