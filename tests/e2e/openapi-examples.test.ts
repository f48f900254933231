/**
 * The request examples of the served OpenAPI document work: each write operation's example body, sent as it is to
 * the local stack with the demo desk, is accepted (2xx), and the response matches the document too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, startApi } from './client';
import { contractOf } from './support/contract';

interface Doc {
  readonly paths: Record<
    string,
    Record<
      string,
      {
        operationId: string;
        requestBody?: { content: Record<string, { example?: Record<string, unknown> }> };
      }
    >
  >;
}

let api: Api;
let doc: Doc;
let violations: ReturnType<typeof contractOf>;

beforeAll(async () => {
  api = await startApi({ demo: true });
  const served = await api.call(null, 'GET', '/openapi.json');
  expect(served.status).toBe(200);
  doc = served.body;
  violations = contractOf(served.body);
});
afterAll(async () => {
  await api?.stack.stop();
});

/** The operation's path template and its request example, as the served document has them. */
function exampleOf(operationId: string): { path: string; body: Record<string, unknown> } {
  for (const [path, byMethod] of Object.entries(doc.paths)) {
    for (const op of Object.values(byMethod)) {
      const body = op.requestBody?.content['application/json']?.example;
      if (op.operationId === operationId && body) return { path, body };
    }
  }
  throw new Error(`The served document has no request example for ${operationId}`);
}

/** Sends the example of `operationId` (path parameters filled in) as `username`; expects a 2xx the document allows. */
async function send(
  username: string,
  operationId: string,
  params: Record<string, string> = {},
  overrides: Record<string, unknown> = {},
  method = 'POST',
  headers: Record<string, string> = {},
) {
  const { path, body } = exampleOf(operationId);
  const url = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name]));
  const res = await api.call(username, method, url, { body: { ...body, ...overrides }, headers });
  expect(res.status, `${operationId}: ${JSON.stringify(res.body)}`).toBeGreaterThanOrEqual(200);
  expect(res.status, `${operationId}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
  expect(violations(method, path, res), operationId).toEqual([]);
  return res;
}

/** Reads the record at `path` for its ETag, then sends the PATCH example of `operationId` with it as If-Match. */
async function patch(operationId: string, path: string, params: Record<string, string>) {
  const read = await api.call('erin', 'GET', path);
  expect(read.status, path).toBe(200);
  const res = await send('erin', operationId, params, {}, 'PATCH', { 'if-match': read.headers.get('etag') ?? '' });
  expect(res.status).toBe(200);
  expect(res.body.version).toBe(read.body.version + 1);
  return res;
}

describe('request examples of the served OpenAPI document, sent to the local stack with the demo desk', () => {
  it('the incident examples raise, comment, watch, link, coordinate and bulk-assign', async () => {
    const raised = await send('alice', 'createIncident');
    expect(raised.status).toBe(201);
    expect(raised.body.assignmentGroup).toBe('network'); // the demo desk's routing rules, as the example says
    const { id } = raised.body;
    expect((await send('carol', 'addComment', { id })).status).toBe(201);
    expect((await send('carol', 'addWatcher', { id })).status).toBe(201);

    // A second incident, declared major, takes the first demo incident (the example's target) as its child.
    const major = await send('alice', 'createIncident');
    const declared = await api.call('erin', 'PATCH', `/incidents/${major.body.id}`, {
      body: { major: true },
      headers: { 'if-match': major.headers.get('etag') ?? '' },
    });
    expect(declared.status).toBe(200);
    expect((await send('erin', 'addLink', { id: major.body.id })).status).toBe(201);
    expect((await send('erin', 'postMajorUpdate', { id: major.body.id })).status).toBe(201);

    const updated = await send('carol', 'updateIncident', { id }, {}, 'PATCH', {
      'if-match': raised.headers.get('etag') ?? '',
    });
    expect(updated.body).toMatchObject({ status: 'in_progress', assigneeName: 'Carol Chen' });
    expect((await send('carol', 'bulkIncidentAction')).status).toBe(207);
  });

  it('the reference data examples name the demo desk records; with a fresh id they are created as they stand', async () => {
    // The demo desk already has the group, category and service the examples show: the same body, a new id.
    expect((await api.call('erin', 'POST', '/groups', { body: exampleOf('createGroup').body })).status).toBe(409);
    expect((await send('erin', 'createGroup', {}, { id: 'network-lab' })).status).toBe(201);
    expect((await send('erin', 'createCategory', {}, { id: 'network.guest' })).status).toBe(201);
    expect((await send('erin', 'createService', {}, { id: 'vpn-eu' })).status).toBe(201);
    // carol is already in Network on the demo desk: the example answers 200 with the membership.
    const member = await send('erin', 'addMember', { id: 'network' });
    expect(member.status).toBe(200);
    expect((await send('erin', 'createRoutingRule')).status).toBe(201);
    expect((await send('erin', 'addSuppression')).status).toBe(201);
  });

  it('the SLA examples create a calendar and a policy on it, and change both', async () => {
    const calendar = await send('erin', 'createCalendar');
    expect(calendar.status).toBe(201);
    // The policy example names the example calendar's id; here it is the one just created from that example.
    const policy = await send('erin', 'createSlaPolicy', {}, { calendarId: calendar.body.id });
    expect(policy.status).toBe(201);
    await patch('updateCalendar', `/calendars/${calendar.body.id}`, { id: calendar.body.id });
    await patch('updateSlaPolicy', `/sla-policies/${policy.body.id}`, { id: policy.body.id });
  });

  it('the change examples raise a change and submit it, and add and change a template and a risk question', async () => {
    const raised = await send('alice', 'createChange');
    expect(raised.body).toMatchObject({ status: 'draft', services: [{ id: 'email', name: 'E-mail' }] });
    const submitted = await patch('updateChange', `/changes/${raised.body.id}`, { id: raised.body.id });
    expect(submitted.body.status).toBe('assess');
    const template = await send('erin', 'createChangeTemplate');
    await patch('updateChangeTemplate', `/change-templates/${template.body.id}`, { id: template.body.id });
    const question = await send('erin', 'createChangeRiskQuestion');
    const read = await api.call('erin', 'PATCH', `/change-risk-questions/${question.body.id}`, {
      body: exampleOf('updateChangeRiskQuestion').body,
      headers: { 'if-match': question.headers.get('etag') ?? '' },
    });
    expect(read.status).toBe(200);
  });

  it('the PATCH examples change the demo desk records they show', async () => {
    await patch('updateGroup', '/groups/network', { id: 'network' });
    await patch('updateCategory', '/categories/network.wifi', { id: 'network.wifi' });
    await patch('updateService', '/services/vpn', { id: 'vpn' });
    const rules = await api.call('erin', 'GET', '/routing-rules');
    const rule = rules.body.items.find((r: { name: string }) => r.name === 'Network tickets to Network');
    await patch('updateRoutingRule', `/routing-rules/${rule.id}`, { id: rule.id });
  });
});
