/**
 * Body charset decoding for mailparser (its documented `Iconv` option: a class constructed with
 * `(fromCharset, toCharset)` that is a read/write stream). Two changes from mailparser's default:
 * - a body that declares a legacy charset but whose bytes are valid UTF-8 with non-ASCII bytes in it is taken as
 *   UTF-8 — mislabelled UTF-8 (a client or relay that re-encoded the text but kept the header) is common, and valid
 *   multi-byte UTF-8 arises by chance in GB2312/Shift_JIS/cp125x text only for a handful of bytes;
 * - the declared charset is otherwise decoded with the WHATWG Encoding Standard (Node's `TextDecoder`, full ICU):
 *   the mappings browsers use (gb2312 → GBK, iso-8859-1 → windows-1252, ks_c_5601-1987 → EUC-KR, …). A label it
 *   does not know is decoded as UTF-8 with invalid bytes replaced, as mailparser does.
 * 7-bit charsets (ISO-2022-JP) never hit the first rule: their bytes are all below 0x80. mailparser never hands
 * UTF-7 to this class (it refuses to decode it: `+ADw-script+AD4-`).
 * Text parts are buffered by mailparser anyway; this adds one copy of a text part, never of an attachment.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { TextDecoder } from 'node:util';

export class CharsetDecoder extends Transform {
  private readonly chunks: Buffer[] = [];

  constructor(
    private readonly charset: string,
    _target?: string,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    done();
  }

  override _flush(done: TransformCallback): void {
    done(null, Buffer.from(decodeBody(Buffer.concat(this.chunks), this.charset), 'utf8'));
  }
}

/** Decode `bytes` declared as `charset` to a string, preferring valid non-ASCII UTF-8 (see the module comment). */
export function decodeBody(bytes: Uint8Array, charset: string): string {
  if (hasHighBytes(bytes) && isUtf8(bytes)) return new TextDecoder('utf-8').decode(bytes);
  return decoderFor(charset).decode(bytes);
}

function decoderFor(charset: string): TextDecoder {
  for (const label of labels(charset)) {
    try {
      return new TextDecoder(label);
    } catch {
      // not a WHATWG label; try the next spelling
    }
  }
  return new TextDecoder('utf-8');
}

/** The declared name and the usual spellings of it the Encoding Standard knows (`cp1250` → `windows-1250`, …). */
function labels(charset: string): string[] {
  const name = charset.trim().toLowerCase();
  const result = [name];
  const windows = /^(?:x-)?(?:cp|win|windows)[-_]?(\d{3,4})$/.exec(name);
  if (windows) result.push(`windows-${windows[1]}`);
  if (name.startsWith('x-')) result.push(name.slice(2));
  const iso = /^iso[-_]?8859[-_]?(\d{1,2})$/.exec(name);
  if (iso) result.push(`iso-8859-${iso[1]}`);
  return result;
}

function hasHighBytes(bytes: Uint8Array): boolean {
  for (const byte of bytes) if (byte >= 0x80) return true;
  return false;
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}
