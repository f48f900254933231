import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DomainError,
  PayloadTooLargeError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../../../../functions/domain/shared/errors';
import {
  actorFromClaims,
  claimsOf,
  etag,
  headersOf,
  ifMatchVersion,
  maxBodyBytes,
  parseBody,
} from '../../../../functions/http/kernel/request';
import { apiEvent, type Claims } from '../../support/http';

describe('actorFromClaims', () => {
  it('reads groups the way API Gateway passes them: one string "[agents admins]"', () => {
    const actor = actorFromClaims({ sub: 'u-1', 'cognito:username': 'bob', 'cognito:groups': '[agents admins]' });
    expect(actor).toEqual({ id: 'u-1', username: 'bob', roles: expect.any(Array) });
    expect([...actor.roles].sort()).toEqual(['admin', 'agent', 'requester']);
  });

  it('reads groups the way the local gateway passes them: an array', () => {
    const actor = actorFromClaims({ sub: 'u-1', 'cognito:groups': ['agents', 'cab'] });
    expect([...actor.roles].sort()).toEqual(['agent', 'cab', 'requester']);
  });

  it('reads a single group, with or without brackets', () => {
    expect(actorFromClaims({ sub: 'u', 'cognito:groups': '[agents]' }).roles).toContain('agent');
    expect(actorFromClaims({ sub: 'u', 'cognito:groups': 'agents' }).roles).toContain('agent');
  });

  it('makes a user without groups a plain requester', () => {
    expect(actorFromClaims({ sub: 'u' }).roles).toEqual(['requester']);
    expect(actorFromClaims({ sub: 'u', 'cognito:groups': '' }).roles).toEqual(['requester']);
    expect(actorFromClaims({ sub: 'u', 'cognito:groups': '[]' }).roles).toEqual(['requester']);
  });

  it('never grants a role for a group it merely resembles', () => {
    expect(actorFromClaims({ sub: 'u', 'cognito:groups': '[agentsX xadmins]' }).roles).toEqual(['requester']);
  });

  it('takes the username from cognito:username, then username, then sub; email and name when given', () => {
    expect(actorFromClaims({ sub: 'u', username: 'plain' }).username).toBe('plain');
    expect(actorFromClaims({ sub: 'u' }).username).toBe('u');
    expect(actorFromClaims({ sub: 'u', email: 'u@example.test', name: 'U. Ser' })).toMatchObject({
      email: 'u@example.test',
      name: 'U. Ser',
    });
  });

  it('refuses (401) claims without a subject', () => {
    const refused: (Claims | undefined)[] = [undefined, {}, { sub: '' }, { sub: 42 }, { sub: ['u'] }];
    for (const claims of refused) {
      expect(() => actorFromClaims(claims)).toThrow(UnauthorizedError);
    }
  });

  it('finds the claims the JWT authorizer put on the event', () => {
    const claims = { sub: 'u-9' };
    expect(claimsOf(apiEvent('GET /me', { claims }))).toEqual(claims);
    expect(claimsOf(apiEvent('GET /me'))).toBeUndefined();
  });
});

describe('parseBody', () => {
  const json = { 'content-type': 'application/json' };
  const parse = (body: string | undefined, headers: Record<string, string> = json, isBase64Encoded = false) =>
    parseBody(apiEvent('POST /incidents', { body, headers, isBase64Encoded }), headers);

  it('parses a JSON body, also with a charset or a +json media type', () => {
    expect(parse('{"a":1}')).toEqual({ a: 1 });
    expect(parse('{"a":1}', { 'content-type': 'Application/JSON; charset=utf-8' })).toEqual({ a: 1 });
    expect(parse('[1]', { 'content-type': 'application/merge-patch+json' })).toEqual([1]);
  });

  it('treats a missing or empty body as no body, whatever the content type', () => {
    expect(parse(undefined, {})).toBeUndefined();
    expect(parse('', {})).toBeUndefined();
  });

  it('decodes a base64 body', () => {
    const body = Buffer.from(JSON.stringify({ title: 'Ünïcode ✓' }), 'utf8').toString('base64');
    expect(parse(body, json, true)).toEqual({ title: 'Ünïcode ✓' });
  });

  it('refuses (415) a body that is not JSON by its content type', () => {
    const notJson: Record<string, string>[] = [
      {},
      { 'content-type': 'text/plain' },
      { 'content-type': 'application/jsonp' },
    ];
    for (const headers of notJson) {
      expect(() => parse('{"a":1}', headers)).toThrow(UnsupportedMediaTypeError);
    }
  });

  it('refuses (400 MALFORMED_JSON) malformed JSON', () => {
    let caught: unknown;
    try {
      parse('{"title": "unterminated');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect(caught).toMatchObject({ code: 'MALFORMED_JSON', status: 400 });
  });

  it('accepts exactly 256 KB and refuses (413) one byte more, counting bytes not characters', () => {
    const atLimit = `"${'a'.repeat(maxBodyBytes - 2)}"`;
    expect(parse(atLimit)).toHaveLength(maxBodyBytes - 2);
    const overByMultibyte = `"${'é'.repeat(maxBodyBytes / 2)}"`;
    expect(overByMultibyte.length).toBeLessThan(maxBodyBytes);
    expect(() => parse(overByMultibyte)).toThrow(PayloadTooLargeError);
    expect(() => parse(`"${'a'.repeat(maxBodyBytes)}"`)).toThrow(PayloadTooLargeError);
  });

  it('checks the size of a base64 body after decoding it', () => {
    const decodedAtLimit = Buffer.from(`"${'a'.repeat(maxBodyBytes - 2)}"`).toString('base64');
    expect(decodedAtLimit.length).toBeGreaterThan(maxBodyBytes);
    expect(parse(decodedAtLimit, json, true)).toHaveLength(maxBodyBytes - 2);
  });

  it('refuses an oversized body with 413 before looking at its content type', () => {
    expect(() => parse('x'.repeat(maxBodyBytes + 1), { 'content-type': 'text/plain' })).toThrow(PayloadTooLargeError);
  });
});

/** Mostly near-misses of an ETag (prefixes, quotes, long digit runs), sometimes any string at all. */
const ifMatchLike = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('', ' ', 'W/', 'w/', '*'),
      fc.constantFrom('', '"', "'"),
      fc.stringMatching(/^[0-9]{0,20}$/),
      fc.constantFrom('', '"', '-', '.5', ', "4"'),
    )
    .map((parts) => parts.join('')),
  fc.string({ unit: 'binary' }),
);

describe('ifMatchVersion', () => {
  it.each([
    ['"3"', 3],
    ['3', 3],
    [' "12" ', 12],
  ])('reads If-Match %s as version %i', (value, version) => {
    expect(ifMatchVersion({ 'if-match': value })).toBe(version);
  });

  it.each(['W/"3"', '"3', '3"', '*'])(
    'refuses If-Match %s (weak, unbalanced or a wildcard) naming the header',
    (value) => {
      expect(() => ifMatchVersion({ 'if-match': value })).toThrow(ValidationError);
    },
  );

  it('is undefined when no If-Match was sent', () => {
    expect(ifMatchVersion({})).toBeUndefined();
  });

  it('refuses garbage with a ValidationError naming If-Match', () => {
    for (const value of ['', '*', 'abc', '"3", "4"', '-1', '3.5', '"0x10"', '1234567890123456']) {
      expect(() => ifMatchVersion({ 'if-match': value }), value).toThrow(
        expect.objectContaining({
          constructor: ValidationError,
          errors: [{ path: 'If-Match', message: expect.any(String) }],
        }),
      );
    }
  });

  it('round-trips every ETag it hands out', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999_999_999_999 }), (version) => {
        expect(ifMatchVersion({ 'if-match': etag(version) })).toBe(version);
      }),
    );
  });

  it('never throws anything but a ValidationError, whatever the header says', () => {
    fc.assert(
      fc.property(ifMatchLike, (value) => {
        try {
          const version = ifMatchVersion({ 'if-match': value });
          expect(Number.isSafeInteger(version)).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('headersOf', () => {
  it('lower-cases header names so lookups do not depend on the client', () => {
    const event = apiEvent('PATCH /incidents/{id}', {
      headers: { 'If-Match': '"2"', 'Content-Type': 'application/json' },
    });
    expect(headersOf(event)).toEqual({ 'if-match': '"2"', 'content-type': 'application/json' });
  });
});
