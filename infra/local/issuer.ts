import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import type { LocalUser } from './users';

/** Mirrors what API Gateway's JWT authorizer checks on Cognito tokens: signature, issuer, audience, expiry. */
export const localIssuer = 'https://cognito-idp.local/nimbus-local';
export const localAudience = 'nimbus-local-client';

type Key = Awaited<ReturnType<typeof importJWK>>;

export interface LocalIssuer {
  sign(user: LocalUser, ttlSeconds?: number): Promise<string>;
  verify(token: string): Promise<JWTPayload>;
}

async function fromJwk(privateJwk: JWK): Promise<LocalIssuer> {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = privateJwk;
  const privateKey: Key = await importJWK(privateJwk, 'RS256');
  const publicKey: Key = await importJWK(publicJwk, 'RS256');
  return {
    async sign(user, ttlSeconds = 12 * 60 * 60) {
      return new SignJWT({
        'cognito:username': user.username,
        'cognito:groups': [...user.groups],
        email: user.email,
        name: user.name,
        token_use: 'id',
      })
        .setProtectedHeader({ alg: 'RS256', kid: 'nimbus-local' })
        .setSubject(user.sub)
        .setIssuer(localIssuer)
        .setAudience(localAudience)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(privateKey);
    },
    async verify(token) {
      const { payload } = await jwtVerify(token, publicKey, { issuer: localIssuer, audience: localAudience });
      return payload;
    },
  };
}

/** A fresh signing key held only in memory (tests). */
export async function ephemeralIssuer(): Promise<LocalIssuer> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  return fromJwk(await exportJWK(privateKey));
}

/** The local stack's signing key, kept beside the data so tokens survive a restart. */
export async function persistentIssuer(keyFile: string): Promise<LocalIssuer> {
  if (!existsSync(keyFile)) {
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    mkdirSync(dirname(keyFile), { recursive: true });
    writeFileSync(keyFile, JSON.stringify(await exportJWK(privateKey)), { mode: 0o600 });
  }
  return fromJwk(JSON.parse(readFileSync(keyFile, 'utf8')) as JWK);
}
