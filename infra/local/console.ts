/**
 * The local web console server: serves the built console (web/dist) on 127.0.0.1 with the same security headers
 * CloudFront sends, its runtime `/config.json` (kind `local`), and the local-only sign-in routes
 * `GET /local/users` and `POST /local/token`. Those routes exist only here — never in routes.ts nor in the CDK stack:
 * on AWS, people sign in with Cognito managed login.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { type ConsoleConfig, consoleSecurityHeaders, contentSecurityPolicy } from '../web/console-config';
import type { LocalIssuer } from './issuer';
import { repositoryRoot } from './paths';
import { serveOnLoopback } from './ports';
import { findUser, localUsers } from './users';

export const consoleDistDir = join(repositoryRoot, 'web', 'dist');

/** The path prefix of the local-only sign-in routes, same origin as the console (so `connect-src 'self'` covers it). */
export const localSignInPath = '/local';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export interface ConsoleServerOptions {
  /** The API the console calls (the local gateway's URL). */
  readonly apiUrl: string;
  readonly issuer: LocalIssuer;
  readonly distDir?: string;
  readonly port?: number;
  readonly anyPortIfTaken?: boolean;
}

export interface RunningConsole {
  readonly url: string;
  readonly server: Server;
  stop(): Promise<void>;
}

/** The `/config.json` the local console server hands the app. */
export function localConsoleConfig(apiUrl: string): ConsoleConfig {
  return { apiUrl, auth: { kind: 'local', signInUrl: localSignInPath } };
}

/** The headers of every console response: CloudFront's set, with the API as the only other place it connects to. */
export function localConsoleHeaders(apiUrl: string): Record<string, string> {
  return { ...consoleSecurityHeaders, 'Content-Security-Policy': contentSecurityPolicy([apiUrl]) };
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

function problem(res: ServerResponse, status: number, code: string, detail: string, field?: string) {
  res.writeHead(status, { 'content-type': 'application/problem+json', 'cache-control': 'no-store' });
  res.end(
    JSON.stringify({
      type: `urn:nimbus:problem:${code.toLowerCase().replaceAll('_', '-')}`,
      title: status === 405 ? 'Method Not Allowed' : status === 404 ? 'Not Found' : 'Bad Request',
      status,
      detail,
      code,
      ...(field ? { errors: [{ path: field, message: detail }] } : {}),
    }),
  );
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 4096) return undefined;
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}

/** A file under `dist` for the request path, or undefined (no path escapes `dist`). */
function fileFor(dist: string, pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  const candidate = normalize(join(dist, decoded));
  if (candidate !== dist && !candidate.startsWith(dist + sep)) return undefined;
  return existsSync(candidate) && statSync(candidate).isFile() ? candidate : undefined;
}

export async function startConsoleServer(options: ConsoleServerOptions): Promise<RunningConsole> {
  const dist = resolve(options.distDir ?? consoleDistDir);
  const indexFile = join(dist, 'index.html');
  if (!existsSync(indexFile)) throw new Error(`The console is not built (${indexFile} is missing)`);
  const headers = localConsoleHeaders(options.apiUrl);
  const config = localConsoleConfig(options.apiUrl);

  const server = createServer(async (req, res) => {
    try {
      for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
      const url = new URL(req.url ?? '/', 'http://localhost');
      const method = (req.method ?? 'GET').toUpperCase();

      if (url.pathname === `${localSignInPath}/users`) {
        if (method !== 'GET') return problem(res, 405, 'METHOD_NOT_ALLOWED', 'Use GET');
        return sendJson(res, 200, {
          items: localUsers.map((u) => ({ username: u.username, name: u.name, roles: [...u.groups] })),
        });
      }
      if (url.pathname === `${localSignInPath}/token`) {
        if (method !== 'POST') return problem(res, 405, 'METHOD_NOT_ALLOWED', 'Use POST');
        const body = (await readJson(req)) as { username?: unknown } | undefined;
        const username = typeof body?.username === 'string' ? body.username : undefined;
        if (!username) return problem(res, 400, 'VALIDATION_FAILED', 'Name a demo user', 'username');
        const user = findUser(username);
        if (!user) return problem(res, 400, 'VALIDATION_FAILED', `No demo user ${username}`, 'username');
        return sendJson(res, 200, { token: await options.issuer.sign(user), tokenType: 'Bearer' });
      }
      if (url.pathname === '/config.json') return sendJson(res, 200, config);
      if (url.pathname.startsWith(`${localSignInPath}/`)) return problem(res, 404, 'NOT_FOUND', 'No such route');

      if (method !== 'GET' && method !== 'HEAD') {
        res.setHeader('allow', 'GET, HEAD');
        return problem(res, 405, 'METHOD_NOT_ALLOWED', 'The console serves files only');
      }
      const file = url.pathname === '/' ? undefined : fileFor(dist, url.pathname);
      // Unknown asset paths are 404; every other path is a client route: the SPA's index.html.
      if (!file && url.pathname.startsWith('/assets/')) return problem(res, 404, 'NOT_FOUND', 'No such asset');
      const served = file ?? indexFile;
      const hashed = served !== indexFile && served.startsWith(join(dist, 'assets') + sep);
      res.writeHead(200, {
        'content-type': contentTypes[extname(served)] ?? 'application/octet-stream',
        // Vite puts a content hash in every asset name: cache them for a year; index.html must always be fresh.
        'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
      });
      if (method === 'HEAD') return res.end();
      createReadStream(served).pipe(res);
    } catch (error) {
      console.error('[console] request failed', error);
      if (!res.headersSent) problem(res, 500, 'INTERNAL', 'Something went wrong');
      else res.end();
    }
  });
  const { url, stop } = await serveOnLoopback(server, options);
  return { url, server, stop };
}
