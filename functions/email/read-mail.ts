/**
 * Raw MIME → ParsedMail with mailparser's streaming `MailParser` (not `simpleParser`, which buffers every
 * attachment): headers, addresses, decoded subject and bodies are collected, and each attachment is piped to an
 * `AttachmentSink` while the message streams through, so a 40 MB message is never held whole in memory. The parser
 * waits for `release()` of each attachment, and `release()` is called only once the sink has consumed the content,
 * so the sink's backpressure reaches the raw stream.
 */
import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  type AddressObject,
  type AttachmentStream,
  type EmailAddress,
  MailParser,
  type MessageText,
  parseAddressHeader,
} from 'mailparser';
import type { Address, ParsedMail, StoredAttachment } from '../domain/email/inbound-mail';
import { CharsetDecoder } from './charset';

/** Where attachments go while a message is parsed (S3 on AWS and locally; memory or tmp files in tests). */
export interface AttachmentSink {
  store(
    meta: { filename: string; contentType: string; contentId?: string; inline: boolean },
    content: Readable,
  ): Promise<{ key: string; size: number }>;
}

/** Nothing usable could be read from the raw message (no header block, no body): the intake quarantines it as `malformed`. */
export class MalformedMailError extends Error {
  readonly code = 'MALFORMED_MAIL';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MalformedMailError';
  }
}

/** A `message/delivery-status` part is kept as text on ParsedMail.deliveryStatus up to this many characters. */
const maxDeliveryStatusChars = 64 * 1024;

/** Parse `raw`, streaming its attachments into `sink`. Sink failures propagate unchanged (the caller retries). */
export async function readMail(raw: Readable, sink: AttachmentSink): Promise<ParsedMail> {
  const parser = new MailParser({
    // HTML parts beside text parts (multipart/mixed) are converted into `text` by mailparser, and text parts beside
    // HTML parts into `html`, so both are complete; an HTML-only message's text is left to our content step
    skipImageLinks: true,
    Iconv: CharsetDecoder,
    // a DSN's machine-readable part is an attachment here, so it is both stored and readable (deliveryStatus)
    keepDeliveryStatus: true,
    checksumAlgo: false,
  });
  const counter = new ByteCounter();
  const headers: Record<string, string[]> = {};
  const attachments: StoredAttachment[] = [];
  const deliveryStatus: string[] = [];
  let text: MessageText | undefined;
  let sinkError: unknown;
  let unnamed = 0;

  parser.on('headerLines', (lines) => {
    for (const { key, line } of lines) {
      const value = headerValue(line);
      const list = headers[key] ?? [];
      list.push(value);
      headers[key] = list;
    }
  });

  const handled: Promise<void>[] = [];
  parser.on('data', (data: AttachmentStream | MessageText) => {
    if (data.type === 'text') {
      text = data;
      return;
    }
    handled.push(
      storeAttachment(data, ++unnamed).then(
        (stored) => {
          if (stored.attachment) attachments.push(stored.attachment);
          if (stored.deliveryStatus !== undefined) deliveryStatus.push(stored.deliveryStatus);
          data.release?.();
        },
        (error: unknown) => {
          sinkError ??= error;
          data.release?.();
          parser.destroy(error instanceof Error ? error : new Error(String(error)));
        },
      ),
    );
  });

  async function storeAttachment(
    part: AttachmentStream,
    index: number,
  ): Promise<{ attachment?: StoredAttachment; deliveryStatus?: string }> {
    const contentType = part.contentType || 'application/octet-stream';
    const inline = part.contentDisposition === 'inline' || part.related === true;
    const filename = part.filename?.trim() || defaultFilename(contentType, index, description(part));
    let status: string | undefined;
    let content: Readable = part.content;
    if (contentType === 'message/delivery-status' || contentType === 'message/global-delivery-status') {
      const tee = new Tee(maxDeliveryStatusChars);
      content = part.content.pipe(tee);
      part.content.on('error', (error) => tee.destroy(error));
      const { key, size } = await sink.store({ filename, contentType, ...cid(part), inline }, content);
      status = tee.text();
      return { attachment: { key, filename, contentType, size, ...cid(part), inline }, deliveryStatus: status };
    }
    const { key, size } = await sink.store({ filename, contentType, ...cid(part), inline }, content);
    return { attachment: { key, filename, contentType, size, ...cid(part), inline } };
  }

  let parseError: unknown;
  try {
    await pipeline(raw, counter, parser);
  } catch (error) {
    parseError = error;
  }
  await Promise.allSettled(handled);
  if (sinkError !== undefined) throw sinkError;
  if (parseError !== undefined && isStreamFailure(parseError, raw)) throw parseError;

  const mail = assemble(parser, headers, text, attachments, deliveryStatus, counter.bytes);
  if (!usable(mail)) {
    throw new MalformedMailError(
      parseError instanceof Error
        ? `Unreadable message: ${parseError.message}`
        : 'Unreadable message: no header fields and no body',
      { cause: parseError },
    );
  }
  return mail;
}

function assemble(
  parser: MailParser,
  headers: Record<string, string[]>,
  text: MessageText | undefined,
  attachments: StoredAttachment[],
  deliveryStatus: string[],
  size: number,
): ParsedMail {
  const from = firstAddress(parser.from) ?? laterFrom(headers.from);
  const replyTo = firstAddress(parser.replyTo);
  const htmlOnly = /^\s*text\/html\b/i.test(headers['content-type']?.[0] ?? '');
  const plain = !htmlOnly && text?.text !== undefined && text.text.trim() !== '' ? text.text : undefined;
  const html = text?.html !== undefined && text.html.trim() !== '' ? text.html : undefined;
  const references = toArray(parser.references)
    .flatMap((value) => value.split(/\s+/))
    .map((value) => value.trim())
    .filter((value) => value !== '')
    .map(bracketed);
  const inReplyTo = firstMessageId(parser.inReplyTo);
  const messageId = firstMessageId(parser.messageId);
  const date = validDate(parser.date, headers.date);
  return {
    ...(messageId ? { messageId } : {}),
    ...(from ? { from } : {}),
    ...(replyTo ? { replyTo } : {}),
    to: addresses(parser.to),
    cc: addresses(parser.cc),
    subject: typeof parser.subject === 'string' ? parser.subject : '',
    ...(date ? { date } : {}),
    ...(inReplyTo ? { inReplyTo } : {}),
    references,
    headers,
    ...(plain !== undefined ? { text: plain } : {}),
    ...(html !== undefined ? { html } : {}),
    attachments,
    size,
    ...(deliveryStatus.length > 0 ? { deliveryStatus: deliveryStatus.join('\n\n') } : {}),
  };
}

/** Anything a ticket could be made of (or quarantined as something other than `malformed`). */
function usable(mail: ParsedMail): boolean {
  const known = ['from', 'to', 'cc', 'subject', 'date', 'message-id', 'received', 'return-path', 'content-type'];
  return (
    known.some((name) => mail.headers[name] !== undefined) ||
    mail.text !== undefined ||
    mail.html !== undefined ||
    mail.attachments.length > 0
  );
}

/** Errors of the raw stream itself (S3 read failure) are not the message's fault: rethrow so the caller retries. */
function isStreamFailure(error: unknown, raw: Readable): boolean {
  return raw.errored !== null && raw.errored !== undefined && raw.errored === error;
}

function headerValue(line: string): string {
  const colon = line.indexOf(':');
  const value = colon >= 0 ? line.slice(colon + 1) : line;
  return value.replace(/\r?\n[ \t]+/g, ' ').trim();
}

function firstAddress(object: AddressObject | undefined): Address | undefined {
  return object ? flatten(object.value)[0] : undefined;
}

/**
 * mailparser keeps the first `From` only. When that one has no address but a later `From` header has (seen in
 * spam relays that prepend a broken one), the first later address is taken — still a From header, never the
 * envelope sender.
 */
function laterFrom(values: readonly string[] | undefined): Address | undefined {
  for (const value of (values ?? []).slice(1)) {
    const address = flatten(parseAddressHeader(value).value)[0];
    if (address) return address;
  }
  return undefined;
}

function addresses(object: AddressObject | AddressObject[] | undefined): Address[] {
  if (!object) return [];
  return toArray(object).flatMap((entry) => flatten(entry.value));
}

function flatten(list: readonly EmailAddress[]): Address[] {
  const result: Address[] = [];
  for (const entry of list) {
    if (entry.group) result.push(...flatten(entry.group));
    else if (entry.address?.includes('@')) {
      const name = entry.name?.trim();
      result.push({ address: entry.address, ...(name ? { name } : {}) });
    }
  }
  return result;
}

function toArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function bracketed(id: string): string {
  const trimmed = id.trim().replace(/^<|>$/g, '');
  return `<${trimmed}>`;
}

function firstMessageId(value: string | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /<[^<>\s]+>/.exec(value);
  if (match) return match[0];
  const bare = value.trim().split(/\s+/)[0];
  return bare ? bracketed(bare) : undefined;
}

/** mailparser answers "now" for a Date header it cannot parse: keep a date only when the header really parses. */
function validDate(parsed: Date | undefined, raw: readonly string[] | undefined): string | undefined {
  if (!parsed || !raw || raw.length === 0 || Number.isNaN(parsed.getTime())) return undefined;
  const stripped = raw[0].replace(/\([^)]*\)/g, '').trim();
  return Number.isNaN(Date.parse(stripped)) ? undefined : parsed.toISOString();
}

function cid(part: AttachmentStream): { contentId?: string } {
  return part.contentId ? { contentId: part.contentId } : {};
}

const extensions: Readonly<Record<string, string>> = {
  'message/delivery-status': 'txt',
  'message/rfc822': 'eml',
  'text/plain': 'txt',
  'text/html': 'html',
  'text/calendar': 'ics',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'application/pdf': 'pdf',
};

/** A part's `Content-Description` (e.g. "Delivery report"), made safe for a file name, when it has one. */
function description(part: AttachmentStream): string | undefined {
  const value = part.headers.get('content-description');
  if (typeof value !== 'string') return undefined;
  const cleaned = [...value]
    .map((char) => (char.charCodeAt(0) < 0x20 || '\\/:*?"<>|'.includes(char) ? ' ' : char))
    .join('')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 100);
  return cleaned === '' ? undefined : cleaned;
}

/** A name for a part that has none: its description with the type's extension, else `attachment-<n>.<ext>`. */
function defaultFilename(contentType: string, index: number, described?: string): string {
  const extension = contentType.startsWith('message/delivery-status')
    ? 'txt'
    : contentType === 'message/rfc822'
      ? 'eml'
      : (extensions[contentType] ?? 'bin');
  if (described) return `${described}.${extension}`;
  if (contentType === 'message/delivery-status') return 'delivery-status.txt';
  if (contentType === 'message/rfc822') return `message-${index}.eml`;
  return `attachment-${index}.${extension}`;
}

class ByteCounter extends Transform {
  bytes = 0;
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    done(null, chunk);
  }
}

/** Passes bytes through unchanged and keeps the first `limit` characters for reading back. */
class Tee extends Transform {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  constructor(private readonly limit: number) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (this.kept < this.limit) {
      const part = chunk.subarray(0, this.limit - this.kept);
      this.chunks.push(part);
      this.kept += part.length;
    }
    done(null, chunk);
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}
