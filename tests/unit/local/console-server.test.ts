import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningConsole, startConsoleServer } from '../../../infra/local/console';
import { ephemeralIssuer, type LocalIssuer } from '../../../infra/local/issuer';
import { localUsers } from '../../../infra/local/users';
import { contentSecurityPolicy } from '../../../infra/web/console-config';

const apiUrl = 'http://127.0.0.1:4999';
let server: RunningConsole;
let issuer: LocalIssuer;

beforeAll(async () => {
  const dist = mkdtempSync(join(tmpdir(), 'console-dist-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(join(dist, 'favicon.svg'), '<svg/>');
  issuer = await ephemeralIssuer();
  server = await startConsoleServer({ apiUrl, issuer, distDir: dist });
});
afterAll(() => server.stop());

const get = (path: string, init?: RequestInit) => fetch(`${server.url}${path}`, init);

describe('the local console server', () => {
  it('serves index.html for client routes (SPA fallback), always revalidated, with the security headers', async () => {
    for (const path of ['/', '/portal/tickets/INC0001001', '/agent/queues/network']) {
      const res = await get(path);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<title>console</title>');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('content-security-policy')).toBe(contentSecurityPolicy([apiUrl]));
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('caches hashed assets for a year and answers unknown assets 404', async () => {
    const asset = await get('/assets/index-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await get('/assets/missing.js')).status).toBe(404);
    expect((await get('/favicon.svg')).headers.get('cache-control')).toBe('no-cache');
  });

  it('never serves a file outside dist', async () => {
    const res = await get('/..%2f..%2fetc%2fpasswd');
    expect(await res.text()).toContain('<title>console</title>');
  });

  it('hands the app its runtime config: the API and local sign-in', async () => {
    const res = await get('/config.json');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ apiUrl, auth: { kind: 'local', signInUrl: '/local' } });
  });

  it('lists the demo users with their roles and signs a token the local issuer verifies', async () => {
    const users = (await (await get('/local/users')).json()) as { items: { username: string; roles: string[] }[] };
    expect(users.items.map((u) => u.username)).toEqual(localUsers.map((u) => u.username));
    expect(users.items.find((u) => u.username === 'erin')?.roles).toEqual(['admins', 'agents']);

    const res = await get('/local/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'carol' }),
    });
    expect(res.status).toBe(200);
    const { token } = (await res.json()) as { token: string };
    const claims = await issuer.verify(token);
    expect(claims['cognito:username']).toBe('carol');
    expect(claims['cognito:groups']).toEqual(['agents']);
  });

  it('answers a bad sign-in with problem+json naming the field, and wrong methods with 405', async () => {
    for (const body of ['{"username":"mallory"}', '{}', 'not json']) {
      const res = await get('/local/token', { method: 'POST', body });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(((await res.json()) as { errors: { path: string }[] }).errors[0].path).toBe('username');
    }
    expect((await get('/local/token')).status).toBe(405);
    expect((await get('/local/users', { method: 'POST' })).status).toBe(405);
    expect((await get('/', { method: 'DELETE' })).status).toBe(405);
    expect((await get('/local/other')).status).toBe(404);
  });
});
