/**
 * The local SMTP listener (smtp-server on 127.0.0.1): what SES's receipt rule does on AWS. It accepts mail only for
 * the desk's address(es), streams the DATA straight into the local S3 (never buffering the message), then calls the
 * same `processStoredMail` the AWS trigger calls, with an SES-shaped input (recipients from RCPT TO, verdicts PASS).
 */
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';
import { ulid } from 'ulid';
import { rawMailPrefix } from '../../functions/domain/email/quarantine';
import type { IntakeResult } from '../../functions/email/intake';
import { processStoredMail } from '../../functions/email/intake';
import { mailS3 } from '../../functions/email/mail-bucket';

/** SES takes 40 MB of content; base64 makes that about 54 MB on the wire. */
export const maxMessageBytes = 64 * 1024 * 1024;
export const defaultSmtpPort = 2525;

export interface LocalSmtp {
  readonly url: string;
  readonly port: number;
  readonly deskAddresses: readonly string[];
  /** Settles when every message accepted so far has been processed (tests and a clean shutdown). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export interface LocalSmtpOptions {
  readonly bucket: string;
  readonly deskAddresses: readonly string[];
  /** Default 2525; another free port when that is taken and `anyPortIfTaken`, or 0 for any free port. */
  readonly port?: number;
  readonly anyPortIfTaken?: boolean;
  /** Told what became of each message (the banner's log; tests). */
  readonly onProcessed?: (key: string, result: IntakeResult) => void;
  readonly onError?: (key: string, error: unknown) => void;
}

class SmtpError extends Error {
  constructor(
    message: string,
    readonly responseCode: number,
  ) {
    super(message);
    this.name = 'SmtpError';
  }
}

/** Attempts before a message is left in the bucket for `npm run mail:reprocess`. */
const attempts = 3;

export async function startLocalSmtp(options: LocalSmtpOptions): Promise<LocalSmtp> {
  const desk = new Set(options.deskAddresses.map((a) => a.toLowerCase()));
  const pending = new Set<Promise<unknown>>();

  async function storeAndProcess(stream: NodeJS.ReadableStream & { sizeExceeded?: boolean }, rcptTo: string[]) {
    const key = `${rawMailPrefix}${ulid()}`;
    const body = new PassThrough();
    stream.pipe(body);
    await new Upload({
      client: mailS3(),
      params: { Bucket: options.bucket, Key: key, Body: body, ContentType: 'message/rfc822' },
      queueSize: 2,
      partSize: 5 * 1024 * 1024,
    }).done();
    if (stream.sizeExceeded) {
      await mailS3().send(new DeleteObjectCommand({ Bucket: options.bucket, Key: key }));
      throw new SmtpError('Message exceeds fixed maximum message size', 552);
    }
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await processStoredMail({
          bucket: options.bucket,
          key,
          recipients: rcptTo,
          verdicts: { spam: 'PASS', virus: 'PASS', spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' },
        });
        options.onProcessed?.(key, result);
        return;
      } catch (error) {
        if (attempt >= attempts) {
          // Stored and accepted, as SES would have: the message waits in the bucket for a reprocess.
          options.onError?.(key, error);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
      }
    }
  }

  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    size: maxMessageBytes,
    logger: false,
    banner: 'Nimbus local desk',
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      if (desk.has(address.address.toLowerCase())) return callback();
      callback(new SmtpError(`No mailbox here by that name: ${address.address}`, 550));
    },
    onData(stream, session, callback) {
      const rcptTo = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
      const work = storeAndProcess(stream, rcptTo);
      pending.add(work);
      work.then(
        () => {
          pending.delete(work);
          callback();
        },
        (error: unknown) => {
          pending.delete(work);
          stream.resume();
          callback(error instanceof SmtpError ? error : new SmtpError('Could not store the message; try again', 451));
        },
      );
    },
  });
  let listening = false;
  // Before it listens, a bind error is answered below (another port, or thrown); it is no failed message.
  server.on('error', (error) => {
    if (listening) options.onError?.('(listener)', error);
  });

  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      server.server.once('error', onError);
      server.listen(port, '127.0.0.1', () => {
        server.server.off('error', onError);
        resolve();
      });
    });
  const port = options.port ?? defaultSmtpPort;
  try {
    await listen(port);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || !options.anyPortIfTaken) throw error;
    await listen(0);
  }
  listening = true;
  const bound = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${bound}`,
    port: bound,
    deskAddresses: [...desk],
    async idle() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.allSettled([...pending]);
    },
  };
}
