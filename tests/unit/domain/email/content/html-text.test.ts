import { describe, expect, it } from 'vitest';
import { htmlToReadableText } from '../../../../../functions/domain/email/content/html-text';

describe('htmlToReadableText', () => {
  it('turns HTML into readable text: paragraphs, line breaks, lists, links, no images or scripts', () => {
    const html = [
      '<html><head><style>p{}</style><title>t</title></head><body>',
      '<h1>Printer</h1><p>It <b>jams</b>.<br>Every page.</p>',
      '<ul><li>one</li><li>two</li></ul>',
      '<p>See <a href="https://wiki.example/printer">the wiki</a> or <a href="https://x.example">https://x.example</a>.</p>',
      '<img src="cid:x" alt="logo"><script>alert(1)</script>',
      '</body></html>',
    ].join('');
    expect(htmlToReadableText(html)).toBe(
      [
        'Printer',
        '',
        'It jams.',
        'Every page.',
        '',
        ' * one',
        ' * two',
        '',
        'See the wiki [https://wiki.example/printer] or https://x.example.',
      ].join('\n'),
    );
  });

  it('decodes entities and keeps non-Latin text', () => {
    expect(htmlToReadableText('<p>&auml;&ouml; &amp; 你好 &#8364;</p>')).toBe('äö & 你好 €');
  });
});
