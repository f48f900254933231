import { replayedHeader } from './idempotency';
import { etag } from './request';
import type { HttpResult } from './types';

type Headers = Readonly<Record<string, string>>;

export interface CreatedOptions {
  /** The answer repeats an earlier request with the same Idempotency-Key: adds `Idempotent-Replayed: true`. */
  readonly replayed?: boolean;
  /** Nothing new was made (the record was already there): 200 instead of 201. */
  readonly existed?: boolean;
  /** The new record's ETag, for records that carry a version. */
  readonly etag?: string;
}

/** 201 Created with the new record's Location (200 when it already existed). */
export function created(body: unknown, location: string | undefined, options: CreatedOptions = {}): HttpResult {
  return {
    status: options.existed ? 200 : 201,
    body,
    headers: {
      ...(options.etag !== undefined ? { etag: options.etag } : {}),
      ...(location !== undefined ? { location } : {}),
      ...(options.replayed ? replayedHeader : {}),
    },
  };
}

/**
 * 202 Accepted: the request committed and its consequence happens after commit (the dispatcher); `location` is where
 * to watch how it went.
 */
export function accepted(body: unknown, location: string, options: { readonly replayed?: boolean } = {}): HttpResult {
  return { status: 202, body, headers: { location, ...(options.replayed ? replayedHeader : {}) } };
}

/** 200 with a body, and the ETag of what it shows when it is one versioned record. */
export function ok(body: unknown, etag?: string, headers: Headers = {}): HttpResult {
  if (etag === undefined && Object.keys(headers).length === 0) return { status: 200, body };
  return { status: 200, body, headers: { ...(etag !== undefined ? { etag } : {}), ...headers } };
}

/** 200 with one versioned record and its ETag (plus any other headers). */
export function okRecord(record: { readonly version: number }, headers: Headers = {}): HttpResult {
  return ok(record, etag(record.version), headers);
}

/** 207 Multi-Status: one outcome per item. */
export function multiStatus(body: unknown): HttpResult {
  return { status: 207, body };
}

/** 204 after a delete. */
export function noContent(): HttpResult {
  return { status: 204 };
}

/** 200 with a body that is not JSON (an iCalendar file): the text as is, with its media type. */
export function okText(body: string, contentType: string, headers: Headers = {}): HttpResult {
  return { status: 200, body, headers: { 'content-type': contentType, ...headers } };
}
