/** Examples of the approvals practice's operations for the OpenAPI document (only functions/http/openapi.ts imports this). */
import { type PracticeExamples, sampleCursor, samplePeople, sampleTimes } from '../kernel/examples';
import type { approvalSchemas } from './schemas';

const changeId = '01JNC0A1B2C3D4E5F6G7H8J9KA';
const carol = { id: samplePeople.carol.id, username: 'carol', name: samplePeople.carol.name };
const bob = { id: samplePeople.bob.id, username: 'bob', name: samplePeople.bob.name };
const erin = { id: samplePeople.erin.id, username: 'erin', name: samplePeople.erin.name };

const vote = {
  changeId,
  round: 1,
  path: 'cab',
  approver: carol,
  state: 'approved',
  requestedAt: sampleTimes.raised,
  votedAt: sampleTimes.now,
  reason: 'Backout plan tested in staging',
  change: {
    number: 'CHG0001001',
    title: 'Upgrade the mail gateway',
    type: 'normal',
    riskLevel: 'medium',
    plannedStart: '2026-03-07T22:00:00.000Z',
    plannedEnd: '2026-03-07T23:30:00.000Z',
  },
} as const;

export const approvalExamples: PracticeExamples<typeof approvalSchemas> = {
  listChangeApprovals: {
    response: {
      changeId,
      number: 'CHG0001001',
      status: 'authorize',
      current: {
        round: 1,
        path: 'cab',
        policy: { kind: 'quorum', approvals: 2 },
        state: 'pending',
        timeout: { timeoutSeconds: 432_000, escalationTimeoutSeconds: 172_800 },
        requestedAt: sampleTimes.raised,
        decidedAt: null,
        reason: null,
        approvals: 1,
        rejections: 0,
        requests: [
          { approver: bob, state: 'pending', requestedAt: sampleTimes.raised },
          {
            approver: carol,
            state: 'approved',
            requestedAt: sampleTimes.raised,
            votedAt: sampleTimes.now,
            reason: 'Backout plan tested in staging',
          },
          { approver: erin, state: 'pending', requestedAt: sampleTimes.raised },
        ],
      },
      previous: [],
    },
  },
  castVote: {
    request: { decision: 'approve', reason: 'Backout plan tested in staging' },
    response: vote,
  },
  listMyApprovals: {
    response: {
      items: [{ ...vote, state: 'pending', votedAt: undefined, reason: undefined }],
      nextCursor: sampleCursor,
    },
  },
};
