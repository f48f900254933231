import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { type Actor, rolesFromGroups } from '../../domain/shared/actor';
import {
  DomainError,
  PayloadTooLargeError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../../domain/shared/errors';
import { ifMatchPattern } from './header-formats';

export const maxBodyBytes = 256 * 1024;

type JwtClaims = Record<string, string | number | boolean | string[]>;

/** The JWT claims API Gateway's authorizer (or the local gateway) verified. */
export function claimsOf(event: APIGatewayProxyEventV2): JwtClaims | undefined {
  const context = event.requestContext as { authorizer?: { jwt?: { claims?: JwtClaims } } };
  return context.authorizer?.jwt?.claims;
}

/** API Gateway hands array claims over as "[a b]"; the local gateway as arrays. */
function groupsOf(value: JwtClaims[string] | undefined): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string' || value.length === 0) return [];
  return value
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}

export function actorFromClaims(claims: JwtClaims | undefined): Actor {
  const sub = claims?.sub;
  if (typeof sub !== 'string' || sub.length === 0) throw new UnauthorizedError();
  const username = String(claims?.['cognito:username'] ?? claims?.username ?? sub);
  return {
    id: sub,
    username,
    ...(typeof claims?.email === 'string' ? { email: claims.email } : {}),
    ...(typeof claims?.name === 'string' ? { name: claims.name } : {}),
    roles: rolesFromGroups(groupsOf(claims?.['cognito:groups'])),
  };
}

function lowerCaseHeaders(headers: APIGatewayProxyEventV2['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) if (value !== undefined) out[name.toLowerCase()] = value;
  return out;
}

export function headersOf(event: APIGatewayProxyEventV2): Record<string, string> {
  return lowerCaseHeaders(event.headers);
}

/** JSON bodies only, at most 256 KB; malformed JSON is a 400 naming the problem. */
export const maxJsonDepth = 32;

/** How deeply `json` nests arrays and objects, counted without recursion (brackets inside strings ignored). */
export function jsonDepth(json: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}

/** The body as text (undefined when none was sent), at most 256 KB. */
export function rawBodyOf(event: APIGatewayProxyEventV2): string | undefined {
  if (event.body === undefined || event.body === null || event.body === '') return undefined;
  const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  if (raw.byteLength > maxBodyBytes) throw new PayloadTooLargeError(maxBodyBytes);
  return raw.toString('utf8');
}

/** JSON bodies only, at most 256 KB and 32 levels deep; malformed JSON is a 400 naming the problem. */
export function parseBody(event: APIGatewayProxyEventV2, headers: Record<string, string>): unknown {
  const text = rawBodyOf(event);
  if (text === undefined) return undefined;
  const contentType = (headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (contentType !== 'application/json' && !/^application\/[\w.+-]+\+json$/.test(contentType)) {
    throw new UnsupportedMediaTypeError();
  }
  if (jsonDepth(text) > maxJsonDepth) {
    throw new DomainError('MALFORMED_JSON', 400, `The body nests deeper than ${maxJsonDepth} levels`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DomainError('MALFORMED_JSON', 400, `The body is not valid JSON: ${(error as Error).message}`);
  }
}

/** `If-Match: "3"` (or a bare 3) → 3; absent → undefined. Weak ETags never match for If-Match (RFC 9110). */
export function ifMatchVersion(headers: Record<string, string>): number | undefined {
  const value = headers['if-match'];
  if (value === undefined) return undefined;
  const match = ifMatchPattern.exec(value);
  if (!match) {
    throw new ValidationError([{ path: 'If-Match', message: 'Send the strong ETag you read, e.g. "3"' }]);
  }
  return Number(match[1] ?? match[2]);
}

export function etag(version: number): string {
  return `"${version}"`;
}
