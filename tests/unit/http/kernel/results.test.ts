import { describe, expect, it } from 'vitest';
import { created, multiStatus, noContent, ok, okRecord } from '../../../../functions/http/kernel/results';

const record = { id: 'r1', version: 3 };

describe('created', () => {
  it('answers 201 with the Location', () => {
    expect(created(record, '/things/r1')).toEqual({ status: 201, body: record, headers: { location: '/things/r1' } });
  });

  it('adds the ETag and Idempotent-Replayed on a replay', () => {
    expect(created(record, '/things/r1', { replayed: true, etag: '"3"' })).toEqual({
      status: 201,
      body: record,
      headers: { etag: '"3"', location: '/things/r1', 'idempotent-replayed': 'true' },
    });
  });

  it('answers 200 when the record already existed, without a Location when none is given', () => {
    expect(created(record, undefined, { existed: true })).toEqual({ status: 200, body: record, headers: {} });
    expect(created(record, '/things/r1', { existed: true, replayed: false })).toEqual({
      status: 200,
      body: record,
      headers: { location: '/things/r1' },
    });
  });
});

describe('ok, okRecord, multiStatus, noContent', () => {
  it('answers 200 with the body, and headers only when there are some', () => {
    expect(ok({ items: [] })).toEqual({ status: 200, body: { items: [] } });
    expect(ok(record, '"3"')).toEqual({ status: 200, body: record, headers: { etag: '"3"' } });
    expect(ok(record, undefined, { 'cache-control': 'no-store' })).toEqual({
      status: 200,
      body: record,
      headers: { 'cache-control': 'no-store' },
    });
  });

  it('gives a versioned record its strong ETag', () => {
    expect(okRecord(record)).toEqual({ status: 200, body: record, headers: { etag: '"3"' } });
    expect(okRecord(record, { link: '</next>; rel="next"' })).toEqual({
      status: 200,
      body: record,
      headers: { etag: '"3"', link: '</next>; rel="next"' },
    });
  });

  it('answers 207 with per-item outcomes and 204 with nothing', () => {
    expect(multiStatus({ results: [] })).toEqual({ status: 207, body: { results: [] } });
    expect(noContent()).toEqual({ status: 204 });
  });
});
