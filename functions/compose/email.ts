import type { AttachmentDeps } from '../domain/email/attachments';
import type { QuarantineDeps } from '../domain/email/quarantine';
import type { CallerDeps } from '../domain/shared/caller';
import { intakeConfig } from '../email/config';
import { processStoredMail } from '../email/intake';
import { attachmentDownloadUrl, RawMailMissingError } from '../email/mail-bucket';
import { inboundMailRepository } from '../store/inbound-mail-repository';
import { incidentDeps } from './incidents';

/** The quarantine and reprocessing use cases wired to the store and to intake over the mail bucket. */
export function quarantineDeps(caller: CallerDeps): QuarantineDeps {
  return {
    ...caller,
    mail: inboundMailRepository,
    reprocessor: {
      release: (entry) =>
        processStoredMail(
          {
            bucket: entry.bucket,
            key: entry.rawKey,
            verdicts: entry.authentication,
            recipients: entry.recipients,
            receivedAt: entry.receivedAt,
          },
          { kind: 'release', entry },
        ),
      async reprocess(key) {
        try {
          return await processStoredMail({ bucket: intakeConfig().bucket, key, verdicts: {}, recipients: [] });
        } catch (error) {
          if (error instanceof RawMailMissingError) return undefined;
          throw error;
        }
      },
    },
  };
}

/** Incident attachments: the incidents practice's reads plus presigned downloads from the mail bucket. */
export function attachmentDeps(caller: CallerDeps): AttachmentDeps {
  return {
    ...incidentDeps(caller),
    mail: inboundMailRepository,
    downloads: { downloadUrl: (attachment) => attachmentDownloadUrl(attachment) },
  };
}
