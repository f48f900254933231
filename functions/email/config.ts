/**
 * E-mail intake's settings, from the environment (CDK sets them on AWS; the local stack sets the bucket and the S3
 * endpoint). Read once per process.
 */
import * as z from 'zod/mini';
import { parseRateLimit, type RateLimit } from '../domain/email/rate-limit';

const intakeEnvSchema = z.object({
  /** The bucket raw mail and its attachments are kept in. */
  MAIL_BUCKET: z._default(z.string().check(z.minLength(1)), 'nimbus-mail'),
  /** Only set locally: where the local S3 (s3rver) listens. */
  S3_ENDPOINT: z.optional(z.url()),
  /** The desk's inbound address(es), comma-separated: never made watchers; the local SMTP listener accepts only these. */
  NIMBUS_DESK_ADDRESS: z._default(z.string().check(z.minLength(3)), 'desk@nimbus.local'),
  /** `<count>` per hour or `<count>/<seconds>` new messages per sender before quarantine (`rate_limited`). */
  MAIL_RATE_LIMIT: z.optional(z.string()),
  AWS_REGION: z._default(z.string().check(z.minLength(1)), 'us-east-1'),
});

export interface IntakeConfig {
  readonly bucket: string;
  readonly s3Endpoint?: string;
  readonly region: string;
  readonly deskAddresses: readonly string[];
  readonly rateLimit: RateLimit;
}

let cached: IntakeConfig | undefined;

export function intakeConfig(env: NodeJS.ProcessEnv = process.env): IntakeConfig {
  if (env === process.env && cached) return cached;
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const e = intakeEnvSchema.parse(set);
  const config: IntakeConfig = {
    bucket: e.MAIL_BUCKET,
    ...(e.S3_ENDPOINT ? { s3Endpoint: e.S3_ENDPOINT } : {}),
    region: e.AWS_REGION,
    deskAddresses: e.NIMBUS_DESK_ADDRESS.split(',')
      .map((a) => a.trim().toLowerCase())
      .filter((a) => a.length > 0),
    rateLimit: parseRateLimit(e.MAIL_RATE_LIMIT),
  };
  if (env === process.env) cached = config;
  return config;
}

/** Tests and the local stack change the environment before the first message. */
export function resetIntakeConfig(): void {
  cached = undefined;
}
