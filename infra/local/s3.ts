/**
 * The local S3: s3rver on 127.0.0.1 (a run-time port), its files under the data dir (`.data/s3`; a temporary folder
 * in tests), the mail bucket created at start. The real S3 client talks to it path-style (S3_ENDPOINT).
 */
import { mkdir } from 'node:fs/promises';
import S3rver from 's3rver';

export interface LocalS3 {
  readonly endpoint: string;
  readonly bucket: string;
  readonly directory: string;
  stop(): Promise<void>;
}

export async function startLocalS3(options: {
  readonly directory: string;
  readonly bucket: string;
  readonly port?: number;
}): Promise<LocalS3> {
  await mkdir(options.directory, { recursive: true });
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port ?? 0,
    silent: true,
    directory: options.directory,
    configureBuckets: [{ name: options.bucket }],
  });
  const address = await server.run();
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    bucket: options.bucket,
    directory: options.directory,
    stop: () => server.close(),
  };
}
