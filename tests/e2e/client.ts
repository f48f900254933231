import { inject } from 'vitest';
import { ephemeralIssuer, type LocalIssuer } from '../../infra/local/issuer';
import { type LocalStack, startLocalStack } from '../../infra/local/stack';
import { findUser } from '../../infra/local/users';

export interface Api {
  readonly stack: LocalStack;
  readonly issuer: LocalIssuer;
  token(username: string): Promise<string>;
  call(
    username: string | null,
    method: string,
    path: string,
    options?: { body?: unknown; raw?: string; headers?: Record<string, string> },
    // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON response bodies
  ): Promise<{ status: number; headers: Headers; body: any }>;
}

/** The local stack, started as `npm start` does, on a fresh table of the run's DynamoDB Local. */
export async function startApi(
  options: { demo?: boolean; tableName?: string; dataDir?: string; issuer?: LocalIssuer; console?: boolean } = {},
): Promise<Api> {
  const issuer = options.issuer ?? (await ephemeralIssuer());
  const stack = await startLocalStack({
    issuer,
    tableName: options.tableName ?? `e2e-${Date.now()}-${Math.random().toString(36).slice(2)}`,
    dynamoEndpoint: inject('dynamoEndpoint'),
    seedDemo: options.demo,
    dataDir: options.dataDir,
    smtpPort: 0, // any free port: tests never take npm start's 2525
    // The built web console beside the API (browser tests; tests/setup/console.global.ts builds it once per run).
    ...(options.console ? { console: {} } : {}),
  });
  const tokens = new Map<string, string>();
  const token = async (username: string) => {
    let value = tokens.get(username);
    if (!value) {
      const user = findUser(username);
      if (!user) throw new Error(`unknown user ${username}`);
      value = await issuer.sign(user);
      tokens.set(username, value);
    }
    return value;
  };
  return {
    stack,
    issuer,
    token,
    async call(username, method, path, options = {}) {
      const headers: Record<string, string> = { ...(options.headers ?? {}) };
      if (username) headers.authorization = `Bearer ${await token(username)}`;
      let body: string | undefined = options.raw;
      if (options.body !== undefined) {
        body = JSON.stringify(options.body);
        headers['content-type'] ??= 'application/json';
      }
      const res = await fetch(`${stack.url}${path}`, { method, headers, body });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON
      }
      return { status: res.status, headers: res.headers, body: parsed };
    },
  };
}

/**
 * The local stack with its clock running `scale`× faster (NIMBUS_CLOCK_SCALE, as `npm start` reads it); `stopScaled`
 * stops it and puts the environment back as it was.
 */
export async function startScaledApi(
  scale: number,
  options: Parameters<typeof startApi>[0] = {},
): Promise<Api & { stopScaled(): Promise<void> }> {
  const previous = process.env.NIMBUS_CLOCK_SCALE;
  process.env.NIMBUS_CLOCK_SCALE = String(scale);
  const api = await startApi(options);
  return {
    ...api,
    async stopScaled() {
      await api.stack.stop();
      if (previous === undefined) delete process.env.NIMBUS_CLOCK_SCALE;
      else process.env.NIMBUS_CLOCK_SCALE = previous;
      delete process.env.NIMBUS_CLOCK_ORIGIN;
    },
  };
}

/** The stack's after-commit dispatcher (every stack a test starts runs one). */
export function dispatcher(stack: LocalStack) {
  if (!stack.poller) throw new Error('This stack runs no dispatcher');
  return stack.poller;
}

/**
 * The actions of a history page without the SLA engine's own `sla_*` events: the dispatcher writes them after commit,
 * whenever it gets to the change, so whether one is already there when a test reads the history is a race.
 */
export function deskActions(items: readonly { readonly action: string }[]): string[] {
  return items.map((e) => e.action).filter((action) => !action.startsWith('sla_'));
}
