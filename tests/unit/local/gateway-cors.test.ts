import { describe, expect, it } from 'vitest';
import { corsAllowHeaders, corsExposeHeaders } from '../../../infra/constructs/api';
import { corsHeaders, localCors } from '../../../infra/local/gateway';

describe('the local gateway answers CORS as the HTTP API does on AWS', () => {
  it('allows and exposes exactly the headers the CDK API declares', () => {
    expect(localCors.allowHeaders).toEqual(corsAllowHeaders);
    expect(localCors.exposeHeaders).toEqual(corsExposeHeaders);
  });

  it('answers loopback origins (the console server, Vite dev server) and no other', () => {
    const preflight = corsHeaders('http://127.0.0.1:4020', true);
    expect(preflight['access-control-allow-origin']).toBe('http://127.0.0.1:4020');
    expect(preflight['access-control-allow-headers']).toBe('authorization,content-type,if-match,idempotency-key');
    expect(preflight['access-control-allow-methods']).toContain('PATCH');
    expect(corsHeaders('http://localhost:5173', false)['access-control-expose-headers']).toBe(
      'etag,location,idempotent-replayed,link',
    );
    expect(corsHeaders('https://evil.example', true)).toEqual({});
    expect(corsHeaders('http://127.0.0.1.evil.example:80', false)).toEqual({});
    expect(corsHeaders(undefined, false)).toEqual({});
  });
});
