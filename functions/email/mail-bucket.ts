/**
 * The raw-mail bucket: reading a stored message as a stream, streaming attachments into it while the message is
 * parsed (lib-storage's multipart Upload: never the whole attachment in memory), and short-lived download URLs.
 * The real S3 client, pointed at the local S3 by `S3_ENDPOINT` (path-style) on the local stack.
 */
import { createHash } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { intakeConfig } from './config';
import type { AttachmentSink } from './read-mail';

let client: S3Client | undefined;

export function mailS3(): S3Client {
  if (!client) {
    const { s3Endpoint, region } = intakeConfig();
    client = new S3Client({
      region,
      ...(s3Endpoint
        ? {
            endpoint: s3Endpoint,
            forcePathStyle: true,
            credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
          }
        : {}),
    });
  }
  return client;
}

/** Tests and the local stack point the client elsewhere. */
export function setMailS3(next: S3Client | undefined): void {
  client = next;
}

/** The stored object is not there (a permanent failure: retrying will not make it appear). */
export class RawMailMissingError extends Error {
  constructor(bucket: string, key: string) {
    super(`No stored mail at s3://${bucket}/${key}`);
    this.name = 'RawMailMissingError';
  }
}

/** The raw message as a stream, and its last-modified time (when SES stored it). */
export async function openRawMail(bucket: string, key: string): Promise<{ body: Readable; storedAt?: Date }> {
  try {
    const object = await mailS3().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    if (!(object.Body instanceof Readable)) throw new Error('S3 GetObject gave no stream');
    return { body: object.Body, ...(object.LastModified ? { storedAt: object.LastModified } : {}) };
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'NoSuchKey' || name === 'NotFound') throw new RawMailMissingError(bucket, key);
    throw error;
  }
}

/** `report.pdf` → a safe key segment (the real name stays in the metadata). */
function keySegment(filename: string): string {
  const safe = filename.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '');
  return safe.slice(-80) || 'attachment';
}

/**
 * Attachments of the raw message at `rawKey`, under `attachments/<hash of rawKey>/<n>-<name>`: processing the same
 * object again writes the same keys.
 */
export function s3AttachmentSink(bucket: string, rawKey: string): AttachmentSink {
  const prefix = `attachments/${createHash('sha256').update(rawKey).digest('hex').slice(0, 32)}`;
  let n = 0;
  return {
    async store(meta, content) {
      const key = `${prefix}/${String(n++).padStart(3, '0')}-${keySegment(meta.filename)}`;
      let size = 0;
      const counted = new PassThrough();
      counted.on('data', (chunk: Buffer) => {
        size += chunk.length;
      });
      content.on('error', (error) => counted.destroy(error));
      content.pipe(counted);
      const upload = new Upload({
        client: mailS3(),
        params: {
          Bucket: bucket,
          Key: key,
          Body: counted,
          ContentType: meta.contentType,
        },
        queueSize: 2,
        partSize: 5 * 1024 * 1024,
      });
      await upload.done();
      return { key, size };
    },
  };
}

/** The longest a download URL lives. */
export const downloadUrlSeconds = 300;

/**
 * A presigned GET of one stored attachment, served with its name and type. Signed on the wall clock (S3 checks the
 * signature's age against its own clock, whatever the local stack's scaled clock says).
 */
export async function attachmentDownloadUrl(attachment: {
  bucket: string;
  key: string;
  filename: string;
  contentType: string;
}): Promise<{ url: string; expiresAt: string }> {
  const now = new Date();
  const disposition = `attachment; filename*=UTF-8''${encodeURIComponent(attachment.filename)}`;
  const url = await getSignedUrl(
    mailS3(),
    new GetObjectCommand({
      Bucket: attachment.bucket,
      Key: attachment.key,
      ResponseContentDisposition: disposition,
      ResponseContentType: attachment.contentType,
    }),
    { expiresIn: downloadUrlSeconds, signingDate: now },
  );
  return { url, expiresAt: new Date(now.getTime() + downloadUrlSeconds * 1000).toISOString() };
}
