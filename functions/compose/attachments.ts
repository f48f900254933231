import type { AttachmentDeps } from '../domain/email/attachments';
import type { CallerDeps } from '../domain/shared/caller';
import { inboundMailRepository } from '../store/inbound-mail-repository';
import { incidentDeps } from './incidents';

// Apart from compose/email, so the incidents function never bundles mail parsing; the S3 presigner is loaded on the
// first download only, so the function's cold start stays near the library floor (npm run bench -- bundles).
/** Incident attachments: the incidents practice's reads plus presigned downloads from the mail bucket. */
export function attachmentDeps(caller: CallerDeps): AttachmentDeps {
  return {
    ...incidentDeps(caller),
    mail: inboundMailRepository,
    downloads: {
      downloadUrl: async (attachment) => (await import('../email/mail-bucket')).attachmentDownloadUrl(attachment),
    },
  };
}
