import type { QuarantineDeps } from '../domain/email/quarantine';
import type { CallerDeps } from '../domain/shared/caller';
import { intakeConfig } from '../email/config';
import { inboundMailRepository } from '../store/inbound-mail-repository';

// Mail parsing (mailparser, iconv-lite) is loaded on the first release or reprocess only: listing the quarantine,
// most of what the email function does, starts cold without it (npm run bench -- bundles).
const intake = () => import('../email/intake');

/** The quarantine and reprocessing use cases wired to the store and to intake over the mail bucket. */
export function quarantineDeps(caller: CallerDeps): QuarantineDeps {
  return {
    ...caller,
    mail: inboundMailRepository,
    reprocessor: {
      release: async (entry) =>
        (await intake()).processStoredMail(
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
          return await (await intake()).processStoredMail({
            bucket: intakeConfig().bucket,
            key,
            verdicts: {},
            recipients: [],
          });
        } catch (error) {
          if (error instanceof (await import('../email/mail-bucket')).RawMailMissingError) return undefined;
          throw error;
        }
      },
    },
  };
}
