import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../../functions/email/charset';

describe('decodeBody', () => {
  it('decodes the declared charset with the WHATWG mappings', () => {
    expect(decodeBody(Buffer.from([0xe4, 0xf6, 0xfc, 0x80]), 'iso-8859-1')).toBe('äöü€');
    expect(decodeBody(Buffer.from([0xc8, 0x74]), 'cp1250')).toBe('Čt');
    expect(decodeBody(Buffer.from([0xc8, 0x74]), 'windows-1250')).toBe('Čt');
    expect(decodeBody(Buffer.from([0xc4, 0xe3, 0xba, 0xc3]), 'GB2312')).toBe('你好');
    expect(decodeBody(Buffer.from([0xc4, 0xe3, 0xba, 0xc3]), 'x-gbk')).toBe('你好');
    expect(decodeBody(Buffer.from('\x1b$B$3$s\x1b(B', 'latin1'), 'ISO-2022-JP')).toBe('こん');
  });

  it('takes mislabelled UTF-8 as UTF-8 when the bytes are valid UTF-8 with non-ASCII in them', () => {
    expect(decodeBody(Buffer.from('Grüße, 你好', 'utf8'), 'iso-8859-1')).toBe('Grüße, 你好');
    expect(decodeBody(Buffer.from('特色', 'utf8'), 'gb2312')).toBe('特色');
  });

  it('decodes an unknown label as UTF-8 with replacement characters', () => {
    expect(decodeBody(Buffer.from([0x61, 0xff]), 'x-unknown-charset')).toBe('a\ufffd');
  });

  it('round-trips any Latin-1 text whose bytes are not valid UTF-8 (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).map((c) => String.fromCharCode(c)) }),
        (text) => {
          const bytes = Buffer.from(text, 'latin1');
          const decoded = decodeBody(bytes, 'iso-8859-1');
          const asUtf8 = (() => {
            try {
              return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
            } catch {
              return undefined;
            }
          })();
          // windows-1252 is what iso-8859-1 means on the web: 0x80–0x9f differ from Latin-1
          const expected = new TextDecoder('windows-1252').decode(bytes);
          expect(decoded).toBe(asUtf8 !== undefined && /[\x80-\xff]/.test(text) ? asUtf8 : expected);
        },
      ),
    );
  });
});
