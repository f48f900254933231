/**
 * Cognito managed login (authorization code + PKCE) for the console on AWS: the oidc-client-ts settings made from the
 * runtime config, and the logout URL (Cognito's discovery document has no end_session_endpoint: sign-out goes to the
 * managed login domain's `/logout`). Pure: unit-tested without a browser.
 */
import type { CognitoSignIn } from '../../../infra/web/console-config';

export interface OidcSettings {
  readonly authority: string;
  readonly client_id: string;
  readonly redirect_uri: string;
  readonly post_logout_redirect_uri: string;
  readonly response_type: 'code';
  readonly scope: string;
  readonly loadUserInfo: false;
  readonly automaticSilentRenew: false;
}

export function oidcSettings(auth: CognitoSignIn): OidcSettings {
  return {
    authority: auth.authority,
    client_id: auth.clientId,
    redirect_uri: auth.redirectUri,
    post_logout_redirect_uri: auth.logoutUri,
    // oidc-client-ts always uses PKCE (S256) with the code flow.
    response_type: 'code',
    scope: auth.scopes.join(' '),
    loadUserInfo: false,
    automaticSilentRenew: false,
  };
}

export function cognitoLogoutUrl(auth: CognitoSignIn): string {
  const url = new URL('/logout', auth.domain);
  url.searchParams.set('client_id', auth.clientId);
  url.searchParams.set('logout_uri', auth.logoutUri);
  return url.toString();
}
