/** Examples of the incidents practice's operations for the OpenAPI document (only functions/http/openapi.ts imports this). */
import {
  type PracticeExamples,
  sampleCursor,
  sampleIds,
  samplePeople,
  sampleRef,
  sampleTimes,
} from '../kernel/examples';
import type { incidentSchemas } from './schemas';

/** What alice sends when the Wi-Fi in meeting room 4 keeps dropping (the demo desk's first ticket). */
const raise = {
  title: 'Wi-Fi keeps dropping in meeting room 4',
  description: 'Every ten minutes the connection drops for a few seconds; calls freeze.',
  impact: 3,
  urgency: 2,
  category: 'network.wifi',
  service: 'wifi',
};

/** The incident as created: the routing rules sent it to Network. */
export const sampleIncident = {
  id: sampleIds.incident,
  number: 'INC0001001',
  ...raise,
  priority: 'P4',
  status: 'new',
  assignmentGroup: 'network',
  major: false,
  requester: { ...samplePeople.alice },
  reopenCount: 0,
  createdAt: sampleTimes.raised,
  updatedAt: sampleTimes.raised,
  version: 1,
} as const;

/** The same incident once carol took it. */
const inProgress = {
  ...sampleIncident,
  status: 'in_progress',
  assignee: samplePeople.carol.id,
  assigneeName: samplePeople.carol.name,
  updatedAt: sampleTimes.assigned,
  version: 2,
} as const;

/** The demo desk's outage: a P2 by routing rule, which erin declared major. */
const outage = {
  id: sampleIds.otherIncident,
  number: 'INC0001002',
  title: 'E-mail outage: Outlook cannot connect',
  description: 'Since 09:10 nobody on the 2nd floor can send or receive mail.',
  impact: 1,
  urgency: 2,
  priority: 'P1',
  priorityReason: 'Major incident',
  status: 'in_progress',
  category: 'software.email',
  service: 'email',
  assignmentGroup: 'service-desk',
  assignee: samplePeople.bob.id,
  assigneeName: samplePeople.bob.name,
  major: true,
  majorDeclaredAt: sampleTimes.assigned,
  majorDeclaredBy: samplePeople.erin.id,
  requester: { ...samplePeople.alice },
  reopenCount: 0,
  createdAt: sampleTimes.raised,
  updatedAt: sampleTimes.assigned,
  version: 3,
} as const;

const comment = {
  id: sampleIds.comment,
  incidentId: sampleIds.incident,
  body: 'Access point AP-4-02 reboots every ten minutes; replacing it this afternoon.',
  visibility: 'public',
  author: sampleRef('carol'),
  createdAt: sampleTimes.commented,
} as const;

const watch = {
  recordId: sampleIds.incident,
  userId: samplePeople.bob.id,
  username: samplePeople.bob.username,
  name: samplePeople.bob.name,
  addedAt: sampleTimes.assigned,
  addedBy: samplePeople.carol.id,
} as const;

const link = {
  recordId: sampleIds.otherIncident,
  targetId: sampleIds.incident,
  targetNumber: sampleIncident.number,
  type: 'parent_of',
  createdAt: sampleTimes.assigned,
  createdBy: samplePeople.erin.id,
} as const;

/** A screenshot alice attached to the mail she raised INC0001001 with. */
const attachment = {
  id: '01JNB4Q8M5P7R9T2V4X6Z8B1DF',
  filename: 'wifi-disconnects.png',
  contentType: 'image/png',
  size: 184_320,
  inline: false,
  messageId: '<CAF3x9q2@mail.example.com>',
  commentId: null,
  receivedAt: sampleTimes.raised,
};

export const incidentExamples: PracticeExamples<typeof incidentSchemas> = {
  listIncidentEmails: {
    response: {
      items: [
        {
          messageId: attachment.messageId,
          from: `${samplePeople.alice.name} <alice@example.com>`,
          subject: raise.title,
          receivedAt: sampleTimes.raised,
          outcome: 'ticket',
          commentId: null,
          text: raise.description,
          html: `<p>${raise.description}</p>`,
        },
      ],
      nextCursor: null,
    },
  },
  listAttachments: { response: { items: [attachment], nextCursor: null } },
  getAttachment: {
    response: {
      ...attachment,
      url: 'https://nimbus-mail.s3.eu-west-1.amazonaws.com/attachments/3f9c2a/1-wifi-disconnects.png?X-Amz-Expires=300',
      expiresAt: '2026-03-02T11:35:00.000Z',
    },
  },
  createIncident: { request: raise, response: sampleIncident },
  listIncidents: { response: { items: [inProgress], nextCursor: sampleCursor } },
  getIncident: { response: inProgress },
  updateIncident: {
    request: { status: 'in_progress', assignee: samplePeople.carol.id },
    response: inProgress,
  },
  addComment: {
    request: { body: comment.body, visibility: 'public' },
    response: comment,
  },
  listComments: { response: { items: [comment], nextCursor: null } },
  getComment: { response: comment },
  getHistory: {
    response: {
      items: [
        {
          id: sampleIds.otherEvent,
          recordId: sampleIds.incident,
          action: 'updated',
          actor: sampleRef('carol'),
          at: sampleTimes.assigned,
          visibility: 'public',
          changes: [
            { field: 'status', before: 'new', after: 'in_progress' },
            { field: 'assignee', before: null, after: samplePeople.carol.id },
          ],
        },
      ],
      nextCursor: sampleCursor,
    },
  },
  bulkIncidentAction: {
    request: { action: 'assign', ids: ['INC0001001', 'INC0009999'], assignee: samplePeople.carol.id },
    response: {
      action: 'assign',
      succeeded: 1,
      failed: 1,
      results: [
        { id: sampleIncident.number, status: 200, incident: inProgress },
        {
          id: 'INC0009999',
          status: 404,
          problem: {
            type: 'urn:nimbus:problem:not-found',
            title: 'Not Found',
            status: 404,
            detail: 'Incident not found',
            code: 'NOT_FOUND',
          },
        },
      ],
    },
  },
  getQueue: {
    response: {
      group: { id: 'network', name: 'Network', active: true },
      counts: { new: 0, in_progress: 1, on_hold: 0, resolved: 0, closed: 0 },
      items: [inProgress],
      nextCursor: null,
    },
  },
  addWatcher: {
    request: { userId: samplePeople.bob.id, username: samplePeople.bob.username },
    response: watch,
  },
  listWatchers: { response: { items: [watch], nextCursor: null } },
  addLink: {
    request: { type: 'child', target: sampleIncident.number },
    response: link,
  },
  listLinks: { response: { items: [link], nextCursor: null } },
  postMajorUpdate: {
    request: { body: 'Mail flow restored for the 2nd floor; monitoring for 30 minutes.' },
    response: {
      update: {
        id: sampleIds.comment,
        incidentId: sampleIds.otherIncident,
        body: 'Mail flow restored for the 2nd floor; monitoring for 30 minutes.',
        visibility: 'public',
        author: sampleRef('erin'),
        createdAt: sampleTimes.resolved,
      },
      replayed: false,
      children: [
        {
          id: sampleIds.incident,
          status: 201,
          comment: {
            id: sampleIds.otherComment,
            incidentId: sampleIds.incident,
            body: 'Mail flow restored for the 2nd floor; monitoring for 30 minutes.',
            visibility: 'public',
            author: sampleRef('erin'),
            createdAt: sampleTimes.resolved,
          },
        },
      ],
    },
  },
  resolveChildren: {
    response: {
      succeeded: 1,
      failed: 0,
      skipped: 0,
      results: [
        {
          id: sampleIds.incident,
          status: 200,
          incident: {
            ...inProgress,
            status: 'resolved',
            resolutionCode: 'solved_permanently',
            resolutionNotes: `Resolved with major incident ${outage.number}: Mail relay restarted.`,
            resolvedAt: sampleTimes.resolved,
            resolvedBy: samplePeople.erin.id,
            updatedAt: sampleTimes.resolved,
            version: 3,
            parentId: outage.id,
            parentNumber: outage.number,
          },
        },
      ],
    },
  },
};
