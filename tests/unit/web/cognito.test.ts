import { describe, expect, it } from 'vitest';
import type { CognitoSignIn } from '../../../infra/web/console-config';
import { cognitoLogoutUrl, oidcSettings } from '../../../web/src/lib/cognito';

const auth: CognitoSignIn = {
  kind: 'cognito',
  authority: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123',
  clientId: '4f3kq1example',
  domain: 'https://nimbus-desk.auth.eu-west-1.amazoncognito.com',
  redirectUri: 'https://d111.cloudfront.net/auth/callback',
  logoutUri: 'https://d111.cloudfront.net/',
  scopes: ['openid', 'email', 'profile'],
};

describe('Cognito managed login settings', () => {
  it('makes oidc-client-ts settings for the code flow (PKCE) from the runtime config', () => {
    expect(oidcSettings(auth)).toEqual({
      authority: auth.authority,
      client_id: auth.clientId,
      redirect_uri: auth.redirectUri,
      post_logout_redirect_uri: auth.logoutUri,
      response_type: 'code',
      scope: 'openid email profile',
      loadUserInfo: false,
      automaticSilentRenew: false,
    });
  });

  it("signs out at the managed login domain's /logout (Cognito's discovery has no end_session_endpoint)", () => {
    const url = new URL(cognitoLogoutUrl(auth));
    expect(url.origin).toBe(auth.domain);
    expect(url.pathname).toBe('/logout');
    expect(url.searchParams.get('client_id')).toBe(auth.clientId);
    expect(url.searchParams.get('logout_uri')).toBe(auth.logoutUri);
  });
});
