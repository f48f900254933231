/**
 * Bench rows of the change practice: create, read, list, the lifecycle moves a person makes (DynamoDB calls per
 * transition), history, templates and risk questions. The demo desk's risk questions answer the risk assessment.
 */
import type { OperationSpec } from './measure';
import type { Send } from './routing';

const rfc = (i: number) => ({
  type: 'normal',
  title: `Bench change ${i}: patch the print servers`,
  description: 'Monthly security patches.',
  services: [{ name: 'Printing' }],
  cis: [{ name: `print-0${i % 9}` }],
  implementationPlan: 'Patch, reboot, check the queues.',
  backoutPlan: 'Uninstall the patches.',
  testPlan: 'Print a test page from each floor.',
  plannedStart: '2031-01-10T20:00:00Z',
  plannedEnd: '2031-01-10T22:00:00Z',
});

export function changeSpecs(send: Send): OperationSpec[] {
  const made: { id: string; number: string; etag: string }[] = [];
  const assessed: string[] = [];
  const templates: { id: string; etag: string }[] = [];
  const questions: { id: string; etag: string }[] = [];
  let riskAnswers: { questionId: string; answerId: string }[] = [];
  const tag = process.pid.toString(36);
  return [
    {
      name: 'createChange',
      operation: 'createChange',
      budget: 2,
      note: 'counter + transaction; +1 GetItem per service id, person or template named',
      request: async (i) => {
        const reply = await send('alice', 'POST', '/changes', 201, { body: rfc(i) });
        made.push({
          id: String(reply.body.id),
          number: String(reply.body.number),
          etag: reply.headers.get('etag') ?? '',
        });
      },
    },
    {
      name: 'getChange by id',
      operation: 'getChange',
      budget: 1,
      request: async (i) => void (await send('alice', 'GET', `/changes/${made[i].id}`, 200)),
    },
    {
      name: 'getChange by number',
      operation: 'getChange',
      budget: 1,
      request: async (i) => void (await send('bob', 'GET', `/changes/${made[i].number}`, 200)),
    },
    {
      name: 'listChanges (desk)',
      operation: 'listChanges',
      budget: 1,
      request: async () => void (await send('bob', 'GET', '/changes?status=draft', 200)),
    },
    {
      name: 'listChanges as requester',
      operation: 'listChanges',
      budget: 2,
      note: 'requested or implemented: Query gsi2 ‖ Query gsi4, one round trip, merged (decision 0037)',
      request: async () => void (await send('alice', 'GET', '/changes', 200)),
    },
    {
      name: 'listChanges as requester, role=requester',
      operation: 'listChanges',
      budget: 1,
      request: async () => void (await send('alice', 'GET', '/changes?role=requester', 200)),
    },
    {
      name: 'listChangeRiskQuestions',
      operation: 'listChangeRiskQuestions',
      budget: 1,
      note: 'the questionnaire the authorize row answers',
      request: async () => {
        const list = await send('alice', 'GET', '/change-risk-questions?limit=100', 200);
        riskAnswers = (list.body.items as { id: string; answers: { id: string }[] }[]).map((q) => ({
          questionId: q.id,
          answerId: q.answers[0].id,
        }));
      },
    },
    {
      name: 'updateChange draft → assess',
      operation: 'updateChange',
      budget: 2,
      note: 'read + transaction (record + audit event)',
      request: async (i) => {
        const reply = await send('alice', 'PATCH', `/changes/${made[i].id}`, 200, {
          body: { status: 'assess' },
          headers: { 'if-match': made[i].etag },
        });
        assessed[i] = reply.headers.get('etag') ?? '';
      },
    },
    {
      name: 'updateChange assess → authorize (risk answers)',
      operation: 'updateChange',
      budget: 5,
      note: 'read + risk questions Query + blackouts Query ‖ overlapping changes Query (conflict check) + transaction',
      request: async (i) => {
        await send('erin', 'PATCH', `/changes/${made[i].id}`, 200, {
          body: { status: 'authorize', riskAnswers },
          headers: { 'if-match': assessed[i] },
        });
      },
    },
    {
      name: 'getChangeHistory',
      operation: 'getChangeHistory',
      budget: 2,
      note: 'authorisation read + one Query',
      request: async (i) => void (await send('alice', 'GET', `/changes/${made[i].id}/history`, 200)),
    },
    {
      name: 'createChangeTemplate',
      operation: 'createChangeTemplate',
      budget: 1,
      request: async (i) => {
        const reply = await send('erin', 'POST', '/change-templates', 201, {
          body: {
            name: `Bench template ${tag} ${i}`,
            description: 'd',
            title: 't',
            implementationPlan: 'i',
            backoutPlan: 'b',
            testPlan: 't',
          },
        });
        templates.push({ id: String(reply.body.id), etag: reply.headers.get('etag') ?? '' });
      },
    },
    {
      name: 'getChangeTemplate',
      operation: 'getChangeTemplate',
      budget: 1,
      request: async (i) => void (await send('alice', 'GET', `/change-templates/${templates[i].id}`, 200)),
    },
    {
      name: 'listChangeTemplates',
      operation: 'listChangeTemplates',
      budget: 1,
      request: async () => void (await send('alice', 'GET', '/change-templates', 200)),
    },
    {
      name: 'updateChangeTemplate',
      operation: 'updateChangeTemplate',
      budget: 2,
      request: async (i) =>
        void (await send('erin', 'PATCH', `/change-templates/${templates[i].id}`, 200, {
          body: { active: false },
          headers: { 'if-match': templates[i].etag },
        })),
    },
    {
      name: 'createChangeRiskQuestion',
      operation: 'createChangeRiskQuestion',
      budget: 1,
      request: async (i) => {
        const reply = await send('erin', 'POST', '/change-risk-questions', 201, {
          body: {
            text: `Bench question ${tag} ${i}`,
            order: 500 + i,
            answers: [
              { id: 'no', text: 'No', weight: 0 },
              { id: 'yes', text: 'Yes', weight: 2 },
            ],
          },
        });
        questions.push({ id: String(reply.body.id), etag: reply.headers.get('etag') ?? '' });
      },
    },
    {
      name: 'updateChangeRiskQuestion (retire)',
      operation: 'updateChangeRiskQuestion',
      budget: 2,
      request: async (i) =>
        void (await send('erin', 'PATCH', `/change-risk-questions/${questions[i].id}`, 200, {
          body: { active: false },
          headers: { 'if-match': questions[i].etag },
        })),
    },
  ];
}
