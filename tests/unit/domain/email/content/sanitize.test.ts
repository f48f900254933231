import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sanitizeMailHtml } from '../../../../../functions/domain/email/content/sanitize';

describe('sanitizeMailHtml', () => {
  it.each([
    ['<p>hi</p><script>alert(1)</script>', '<p>hi</p>'],
    ['<style>p{color:red}</style><p>hi</p>', '<p>hi</p>'],
    ['<iframe src="https://evil.example"></iframe><p>hi</p>', '<p>hi</p>'],
    ['<object data="x.swf"></object><embed src="x"><p>hi</p>', '<p>hi</p>'],
    ['<form action="https://evil.example"><input name="pw"><button>go</button></form>', 'go'],
    ['<p onclick="steal()" onmouseover="x()">hi</p>', '<p>hi</p>'],
    ['<meta http-equiv="refresh" content="0;url=https://evil.example"><p>hi</p>', '<p>hi</p>'],
  ])('removes active content: %s', (html, expected) => {
    expect(sanitizeMailHtml(html)).toBe(expected);
  });

  it('keeps safe links (marked noopener) and drops javascript:/data:/protocol-relative ones', () => {
    expect(sanitizeMailHtml('<a href="https://example.com/a">a</a>')).toBe(
      '<a href="https://example.com/a" rel="noopener noreferrer nofollow" target="_blank">a</a>',
    );
    expect(sanitizeMailHtml('<a href="mailto:x@example.com">m</a>')).toContain('href="mailto:x@example.com"');
    for (const href of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html;base64,PHNjcmlwdD4=',
      '//evil.example',
    ]) {
      expect(sanitizeMailHtml(`<a href="${href}">x</a>`)).not.toContain('href');
    }
  });

  it('keeps cid: and data: images, removes remote images', () => {
    expect(sanitizeMailHtml('<img src="cid:logo@x" alt="logo">')).toBe('<img src="cid:logo@x" alt="logo" />');
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    expect(sanitizeMailHtml(`<img src="${png}">`)).toBe(`<img src="${png}" />`);
    expect(sanitizeMailHtml('<p>a<img src="https://tracker.example/p.gif">b</p>')).toBe('<p>ab</p>');
    expect(sanitizeMailHtml('<img src="data:image/svg+xml;base64,PHN2Zz4=">')).toBe('');
    expect(sanitizeMailHtml('<img src="data:text/html,x">')).toBe('');
  });

  it('keeps harmless inline styles only', () => {
    expect(sanitizeMailHtml('<p style="color: red; background-image: url(https://t.example/x)">x</p>')).toBe(
      '<p style="color:red">x</p>',
    );
    expect(sanitizeMailHtml('<p style="width: expression(alert(1))">x</p>')).toBe('<p>x</p>');
  });

  it('never lets a script tag, an event handler or a javascript: URL through (property)', () => {
    const pieces = fc.constantFrom(
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      '<a href="javascript:alert(1)">x</a>',
      '<svg onload=alert(1)>',
      '<p>text</p>',
      '<div style="color:blue">d</div>',
      '<<script>script>',
      '<scr<script>ipt>',
      '"><script>',
      '<iframe srcdoc="<script>">',
      '<body onload=x()>',
      '&lt;script&gt;',
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 12 }), (parts) => {
        const out = sanitizeMailHtml(parts.join(''));
        expect(out).not.toMatch(/<script|<iframe|<svg|<body/i);
        expect(out).not.toMatch(/\son[a-z]+\s*=/i);
        expect(out).not.toMatch(/javascript:/i);
      }),
    );
  });
});
