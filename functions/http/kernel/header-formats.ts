/**
 * The formats of the request headers the API reads, declared once: the kernel enforces them (400 naming the header)
 * and the OpenAPI document states them as `pattern`s.
 */

/** `Idempotency-Key`: 1–255 visible ASCII characters. */
export const idempotencyKeyPattern = /^[\x21-\x7e]{1,255}$/;

/** `If-Match`: the strong ETag you read (`"3"`) or the bare version; `*` and weak ETags (`W/"3"`) are refused. */
export const ifMatchPattern = /^\s*(?:"(\d{1,15})"|(\d{1,15}))\s*$/;
