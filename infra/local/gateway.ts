import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import {
  practiceEntry,
  type RouteSpec,
  routeKey,
  routes,
  unmatchedRequestPractice,
  unmatchedRouteKey,
} from '../../functions/http/routes';
import type { LocalIssuer } from './issuer';
import { localLambdaContext } from './lambda-context';
import { serveOnLoopback } from './ports';

/**
 * CORS as the HTTP API answers it on AWS (infra/constructs/api.ts `corsPreflight`; a unit test keeps the two lists
 * equal), for browser clients on loopback origins: the local web console server and Vite's dev server (`npm run dev`),
 * whose ports are chosen at run time. Other origins get no CORS headers, so browsers refuse them.
 */
export const localCors = {
  allowHeaders: ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key'],
  exposeHeaders: ['ETag', 'Location', 'Idempotent-Replayed', 'Link'],
  allowMethods: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'OPTIONS'],
  maxAgeSeconds: 3600,
} as const;

const loopbackOrigin = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d{1,5}$/;

/** The CORS headers for a request from `origin` (none for an origin that is not loopback). */
export function corsHeaders(origin: string | undefined, preflight: boolean): Record<string, string> {
  if (!origin || !loopbackOrigin.test(origin)) return {};
  return {
    'access-control-allow-origin': origin,
    vary: 'Origin',
    ...(preflight
      ? {
          'access-control-allow-methods': localCors.allowMethods.join(','),
          'access-control-allow-headers': localCors.allowHeaders.join(',').toLowerCase(),
          'access-control-max-age': String(localCors.maxAgeSeconds),
        }
      : { 'access-control-expose-headers': localCors.exposeHeaders.join(',').toLowerCase() }),
  };
}

/** API Gateway HTTP APIs accept at most 10 MB; the handlers apply their own, smaller limit. */
const gatewayBodyLimit = 10 * 1024 * 1024;

type PracticeHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

interface CompiledRoute {
  readonly route: RouteSpec;
  readonly pattern: RegExp;
  readonly params: readonly string[];
}

function compile(route: RouteSpec): CompiledRoute {
  const params: string[] = [];
  const source = route.path.replace(/\./g, '\\.').replace(/\{(\w+)\}/g, (_match, name: string) => {
    params.push(name);
    return '([^/]+)';
  });
  return { route, pattern: new RegExp(`^${source}$`), params };
}

/** Literal paths win over templated ones, as in API Gateway. */
const compiled = (routes as readonly RouteSpec[]).map(compile).sort((a, b) => a.params.length - b.params.length);

async function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > gatewayBodyLimit) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export interface GatewayOptions {
  readonly issuer: LocalIssuer;
  /** Repository root, to find each practice's entry. */
  readonly root: string;
  readonly port?: number;
  /** When `port` is taken, listen on any free port instead of failing. */
  readonly anyPortIfTaken?: boolean;
}

export interface RunningGateway {
  readonly url: string;
  readonly server: Server;
  stop(): Promise<void>;
}

/**
 * The local stand-in for API Gateway (HTTP API, payload 2.0, JWT authorizer): matches the request against the
 * route table, verifies the bearer token, and invokes the same practice handler Lambda runs.
 */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const handlers = new Map<string, Promise<PracticeHandler>>();
  const handlerOf = (practice: string) => {
    let loaded = handlers.get(practice);
    if (!loaded) {
      loaded = import(pathToFileURL(join(options.root, practiceEntry(practice))).href).then(
        (module: { handler: PracticeHandler }) => module.handler,
      );
      handlers.set(practice, loaded);
    }
    return loaded;
  };

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const method = (req.method ?? 'GET').toUpperCase();
      // Like API Gateway HTTP APIs: route on, and hand over, the percent-decoded path.
      let path: string;
      try {
        path = decodeURIComponent(url.pathname);
      } catch {
        return send(res, 400, { message: 'Bad Request' });
      }
      const origin = req.headers.origin;
      // A CORS preflight is API Gateway's own answer, on any path, before routing and authorisation.
      if (method === 'OPTIONS' && origin && req.headers['access-control-request-method']) {
        res.writeHead(204, corsHeaders(origin, true));
        return res.end();
      }
      for (const [name, value] of Object.entries(corsHeaders(origin, false))) res.setHeader(name, value);
      const candidates = compiled.map((c) => ({ c, match: c.pattern.exec(path) })).filter((x) => x.match !== null);
      const hit = candidates.find((x) => x.c.route.method === method);
      if (!hit && method === 'OPTIONS') return send(res, 204, {});
      // Like API Gateway's `$default` route: what no route matches goes, without a token, to one practice's function,
      // which answers 404 or 405 with Allow as problem+json.
      const route = hit?.c.route;
      const params = hit?.c.params ?? [];
      const key = route ? routeKey(route) : unmatchedRouteKey;
      const practice = route ? route.practice : unmatchedRequestPractice;

      let claims: Record<string, unknown> | undefined;
      if (route && !route.public) {
        const token = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
        if (!token) return send(res, 401, { message: 'Unauthorized' }, { 'www-authenticate': 'Bearer' });
        try {
          claims = (await options.issuer.verify(token)) as Record<string, unknown>;
        } catch {
          return send(res, 401, { message: 'Unauthorized' }, { 'www-authenticate': 'Bearer error="invalid_token"' });
        }
      }

      const body = await readBody(req);
      if (body === 'too-large') return send(res, 413, { message: 'Request Entity Too Large' });

      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
      }
      const query: Record<string, string> = Object.create(null);
      for (const [name, value] of url.searchParams) {
        query[name] = Object.hasOwn(query, name) ? `${query[name]},${value}` : value;
      }
      const pathParameters = Object.fromEntries(params.map((name, i) => [name, hit?.match?.[i + 1] ?? '']));

      const event: APIGatewayProxyEventV2 = {
        version: '2.0',
        routeKey: key,
        rawPath: path,
        rawQueryString: url.search.replace(/^\?/, ''),
        headers,
        ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
        ...(params.length ? { pathParameters } : {}),
        requestContext: {
          accountId: '000000000000',
          apiId: 'local',
          domainName: headers.host ?? 'localhost',
          domainPrefix: 'local',
          http: {
            method,
            path,
            protocol: `HTTP/${req.httpVersion}`,
            sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
            userAgent: headers['user-agent'] ?? '',
          },
          requestId: randomUUID(),
          routeKey: key,
          stage: '$default',
          time: new Date().toUTCString(),
          timeEpoch: Date.now(),
          ...(claims ? { authorizer: { jwt: { claims, scopes: [] } } } : {}),
        } as APIGatewayProxyEventV2['requestContext'],
        ...(body.length ? { body: body.toString('utf8') } : {}),
        isBase64Encoded: false,
      };

      const handler = await handlerOf(practice);
      const result = await handler(event, localLambdaContext(`nimbus-${practice}`, { timeoutMs: 10_000 }));
      res.writeHead(result.statusCode ?? 200, (result.headers ?? {}) as Record<string, string>);
      res.end(result.isBase64Encoded && result.body ? Buffer.from(result.body, 'base64') : (result.body ?? ''));
    } catch (error) {
      // In AWS an uncaught Lambda error is API Gateway's 500; the handlers' own middleware normally prevents it.
      console.error('[gateway] handler failed', error);
      if (!res.headersSent) send(res, 500, { message: 'Internal Server Error' });
      else res.end();
    }
  });
  // A request line and headers over Node's limit (16 KB; API Gateway's is 10 KB) never reach the handler: answer
  // problem+json, not Node's bare 431, so every 4xx a client sees has the one error shape.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (error.code === 'ECONNRESET' || !socket.writable) return socket.destroy();
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    const status = tooLarge ? 431 : 400;
    const body = JSON.stringify({
      type: `urn:nimbus:problem:${tooLarge ? 'headers-too-large' : 'bad-request'}`,
      title: tooLarge ? 'Request Header Fields Too Large' : 'Bad Request',
      status,
      detail: tooLarge
        ? 'The request line and headers are too large; keep query strings and cursors short'
        : 'The request is not valid HTTP',
      code: tooLarge ? 'HEADERS_TOO_LARGE' : 'BAD_REQUEST',
    });
    socket.end(
      `HTTP/1.1 ${status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
        `content-type: application/problem+json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
  server.keepAliveTimeout = 5000;
  const { url, stop } = await serveOnLoopback(server, options);
  return { url, server, stop };
}
