/** Examples of the changes practice's operations for the OpenAPI document (only functions/http/openapi.ts imports this). */
import { type PracticeExamples, sampleCursor, samplePeople } from '../kernel/examples';
import type { changeSchemas } from './schemas';

/** dave, the demo desk's change manager and CAB member (infra/local/users.ts). */
const dave = { id: '0b9e2c1a-0000-4000-8000-00000000da7e', username: 'dave', name: 'Dave Dubois' } as const;

const ids = {
  change: '01JNC2A7M4Q8T1W5Z9C3F6H0KB',
  template: '01JNB0T3S5V7X9Z1B3D5F7H9KM',
  question: '01JNB0Q2R4T6V8X0Z2B4D6F8HJ',
  event: '01JNC2A7M5R9V3Y7B1E5H8K2NP',
} as const;

const times = {
  raised: '2026-03-03T10:05:12.300Z',
  submitted: '2026-03-03T10:07:40.000Z',
  assessed: '2026-03-03T14:40:00.000Z',
  start: '2026-03-07T20:00:00.000Z',
  end: '2026-03-07T22:00:00.000Z',
} as const;

const raise = {
  type: 'normal',
  title: 'Upgrade the mail gateway to 10.4',
  description: 'Security release; the gateway restarts once per node.',
  services: [{ id: 'email' }],
  cis: [{ name: 'mx-gw-01' }, { name: 'mx-gw-02' }],
  implementationPlan: 'Drain mx-gw-01, upgrade, undrain; then the same for mx-gw-02.',
  backoutPlan: 'Restore the pre-upgrade snapshot of the drained node.',
  testPlan: 'Send a test message through each node; check the queue drains.',
  plannedStart: times.start,
  plannedEnd: times.end,
} as const;

const draft = {
  id: ids.change,
  number: 'CHG0001001',
  type: 'normal',
  title: raise.title,
  description: raise.description,
  services: [{ kind: 'service', id: 'email', name: 'E-mail' }],
  cis: [
    { kind: 'ci', name: 'mx-gw-01' },
    { kind: 'ci', name: 'mx-gw-02' },
  ],
  implementationPlan: raise.implementationPlan,
  backoutPlan: raise.backoutPlan,
  testPlan: raise.testPlan,
  plannedStart: times.start,
  plannedEnd: times.end,
  requester: { ...samplePeople.alice },
  status: 'draft',
  createdAt: times.raised,
  updatedAt: times.raised,
  version: 1,
} as const;

const authorizing = {
  ...draft,
  risk: {
    answers: [{ questionId: ids.question, answerId: 'some-users' }],
    score: 6,
    level: 'medium',
    assessedAt: times.assessed,
    assessedBy: { id: dave.id, username: dave.username },
  },
  status: 'authorize',
  approval: { round: 1, path: 'cab', executionName: `${ids.change}-1`, state: 'pending' },
  conflicts: { blackouts: [], overlaps: [], checkedAt: times.assessed },
  updatedAt: times.assessed,
  version: 3,
} as const;

const template = {
  id: ids.template,
  name: 'Restart an application server',
  description: 'A rolling restart of one application server behind the load balancer.',
  title: 'Rolling restart of an application server',
  implementationPlan: 'Take the node out of the pool, restart, health-check, put it back.',
  backoutPlan: 'Leave the node out of the pool and page the on-call engineer.',
  testPlan: 'The health check answers 200 for five minutes.',
  services: [],
  cis: [],
  defaultDurationMinutes: 30,
  active: true,
  createdAt: '2026-03-01T08:00:00.000Z',
  updatedAt: '2026-03-01T08:00:00.000Z',
  version: 1,
} as const;

const question = {
  id: ids.question,
  text: 'How many users would an outage affect?',
  order: 10,
  answers: [
    { id: 'few-users', text: 'A handful', weight: 1 },
    { id: 'some-users', text: 'A department', weight: 3 },
    { id: 'everyone', text: 'Everyone', weight: 6 },
  ],
  active: true,
  createdAt: '2026-03-01T08:00:00.000Z',
  updatedAt: '2026-03-01T08:00:00.000Z',
  version: 1,
} as const;

const { createdAt: _c, updatedAt: _u, version: _v, id: _i, active: _a, ...templateBody } = template;
const { createdAt: _qc, updatedAt: _qu, version: _qv, id: _qi, active: _qa, ...questionBody } = question;

export const changeExamples: PracticeExamples<typeof changeSchemas> = {
  createChange: { request: raise, response: draft },
  listChanges: { response: { items: [draft], nextCursor: sampleCursor } },
  getChange: { response: authorizing },
  updateChange: {
    request: { status: 'assess' },
    response: { ...draft, status: 'assess', updatedAt: times.submitted, version: 2 },
  },
  getChangeHistory: {
    response: {
      items: [
        {
          id: ids.event,
          recordType: 'change',
          recordId: ids.change,
          action: 'updated',
          actor: { id: dave.id, username: dave.username },
          at: times.assessed,
          changes: [
            { field: 'status', before: 'assess', after: 'authorize' },
            { field: 'approval', before: null, after: authorizing.approval },
          ],
          subject: {
            number: draft.number,
            title: draft.title,
            type: 'normal',
            status: 'authorize',
            riskLevel: 'medium',
            requesterId: samplePeople.alice.id,
            implementerId: null,
            changeManagerId: null,
            plannedStart: times.start,
            plannedEnd: times.end,
            approvalRound: 1,
          },
        },
      ],
      nextCursor: null,
    },
  },
  listChangeTemplates: { response: { items: [template], nextCursor: null } },
  createChangeTemplate: { request: templateBody, response: template },
  getChangeTemplate: { response: template },
  updateChangeTemplate: { request: { active: false }, response: { ...template, active: false, version: 2 } },
  listChangeRiskQuestions: { response: { items: [question], nextCursor: null } },
  createChangeRiskQuestion: { request: questionBody, response: question },
  updateChangeRiskQuestion: {
    request: { text: 'How many people would an outage affect?' },
    response: { ...question, text: 'How many people would an outage affect?', version: 2 },
  },
};
