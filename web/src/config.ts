import type { CognitoSignIn, ConsoleConfig, LocalSignIn } from '../../infra/web/console-config';

export type { CognitoSignIn, ConsoleConfig, LocalSignIn };

/** The runtime config served beside the app (never baked into the build). */
export async function loadConfig(): Promise<ConsoleConfig> {
  const response = await fetch('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`Could not load /config.json (${response.status})`);
  return (await response.json()) as ConsoleConfig;
}
