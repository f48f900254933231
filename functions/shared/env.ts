import * as z from 'zod/mini';

/** The environment a function reads, validated once at cold start. */
const envSchema = z.object({
  TABLE_NAME: z._default(z.string().check(z.minLength(1)), 'nimbus'),
  /** Only set on the local stack: where DynamoDB Local listens. */
  DYNAMODB_ENDPOINT: z.optional(z.url()),
  AWS_REGION: z._default(z.string(), 'us-east-1'),
  /** The Cognito user pool the people sync lists (set on the people function only). */
  USER_POOL_ID: z.optional(z.string().check(z.minLength(1))),
  /** The SLA escalation state machine the dispatcher starts and stops executions of. */
  SLA_ESCALATION_STATE_MACHINE_ARN: z.optional(z.string().check(z.minLength(1))),
  CHANGE_APPROVAL_STATE_MACHINE_ARN: z.optional(z.string().check(z.minLength(1))),
  /** Only set on the local stack: where the local Step Functions runtime listens. */
  SFN_ENDPOINT: z.optional(z.url()),
});

export type Env = z.output<typeof envSchema>;

let cached: Env | undefined;

export function env(): Env {
  cached ??= envSchema.parse(process.env);
  return cached;
}

/** Tests and the local stack change the environment before the first request. */
export function resetEnv(): void {
  cached = undefined;
}
