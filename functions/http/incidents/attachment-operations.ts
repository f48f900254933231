import { attachmentDeps } from '../../compose/attachments';
import { attachmentDownload, listAttachments, listIncidentEmails } from '../../domain/email/attachments';
import { callerDeps } from '../kernel/caller';
import type { PracticeOperations } from '../kernel/practice-router';
import { ok } from '../kernel/results';
import type { HttpRequest } from '../kernel/types';

const deps = (request: HttpRequest) => attachmentDeps(callerDeps(request));

export const incidentAttachmentOperations: Pick<
  PracticeOperations<'incidents'>,
  'listAttachments' | 'getAttachment' | 'listIncidentEmails'
> = {
  async listAttachments(request) {
    return ok(await listAttachments(request.params.id, request.query, deps(request)));
  },

  async listIncidentEmails(request) {
    return ok(await listIncidentEmails(request.params.id, request.query, deps(request)));
  },

  async getAttachment(request) {
    return ok(await attachmentDownload(request.params.id, request.params.attachmentId, deps(request)), undefined, {
      'cache-control': 'no-store',
    });
  },
};
