/**
 * Who is signed in and the bearer token sent to the API. Locally: a demo user picked on the sign-in page, its token
 * from the console server's local-only `/local/token`. On AWS: Cognito managed login (oidc-client-ts, code + PKCE),
 * and the API gets the ID token (its authorizer reads cognito:groups, email and name from it).
 */
import { UserManager, WebStorageStateStore } from 'oidc-client-ts';
import type { CognitoSignIn, ConsoleConfig } from '../config';
import { cognitoLogoutUrl, oidcSettings } from '../lib/cognito';

const tokenKey = 'nimbus.token';

export interface DemoUser {
  readonly username: string;
  readonly name: string;
  readonly roles: readonly string[];
}

let userManager: UserManager | undefined;

function manager(auth: CognitoSignIn): UserManager {
  userManager ??= new UserManager({
    ...oidcSettings(auth),
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
  });
  return userManager;
}

export function currentToken(): string | undefined {
  return window.sessionStorage.getItem(tokenKey) ?? undefined;
}

export async function listDemoUsers(config: ConsoleConfig): Promise<DemoUser[]> {
  if (config.auth.kind !== 'local') return [];
  const response = await fetch(`${config.auth.signInUrl}/users`);
  if (!response.ok) throw new Error(`Could not list the demo users (${response.status})`);
  return ((await response.json()) as { items: DemoUser[] }).items;
}

export async function signInLocal(config: ConsoleConfig, username: string): Promise<void> {
  if (config.auth.kind !== 'local') throw new Error('Local sign-in is only available on the local stack');
  const response = await fetch(`${config.auth.signInUrl}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username }),
  });
  if (!response.ok) throw new Error(`Sign-in failed (${response.status})`);
  window.sessionStorage.setItem(tokenKey, ((await response.json()) as { token: string }).token);
}

/** Starts Cognito managed login (a full-page redirect). */
export async function signInCognito(config: ConsoleConfig): Promise<void> {
  if (config.auth.kind !== 'cognito') throw new Error('Cognito sign-in is not configured');
  await manager(config.auth).signinRedirect();
}

/** On the redirect URI: finishes the code exchange and keeps the ID token. */
export async function completeCognitoSignIn(config: ConsoleConfig): Promise<void> {
  if (config.auth.kind !== 'cognito') return;
  const user = await manager(config.auth).signinCallback();
  if (user?.id_token) window.sessionStorage.setItem(tokenKey, user.id_token);
}

export async function signOut(config: ConsoleConfig): Promise<void> {
  window.sessionStorage.removeItem(tokenKey);
  if (config.auth.kind === 'cognito') {
    await manager(config.auth).removeUser();
    window.location.assign(cognitoLogoutUrl(config.auth));
  }
}
