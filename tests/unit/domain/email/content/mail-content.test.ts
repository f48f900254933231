import { describe, expect, it } from 'vitest';
import { hostileHtml, mailContent, maxHtmlChars } from '../../../../../functions/domain/email/content';
import { nestingDepth } from '../../../../../functions/domain/email/content/limits';
import { parsedMail } from '../../../../support/parsed-mail';

describe('mailContent', () => {
  it('uses the text/plain part when there is one, and sanitises the HTML alongside', () => {
    const content = mailContent(
      parsedMail({ text: 'Plain body\r\n\r\n> quoted\r\n', html: '<p onclick="x()">HTML body</p><script>1</script>' }),
    );
    expect(content).toEqual({ text: 'Plain body\n\n> quoted', html: '<p>HTML body</p>', replyText: 'Plain body' });
  });

  it('converts HTML-only mail to text', () => {
    const content = mailContent(parsedMail({ text: undefined, html: '<div>Hello<br>World</div>' }));
    expect(content.text).toBe('Hello\nWorld');
    expect(content.html).toBe('<div>Hello<br />World</div>');
  });

  it('answers empty text for a message without a body', () => {
    expect(mailContent(parsedMail({ text: undefined, html: undefined }))).toEqual({ text: '', replyText: '' });
  });
});

describe('mailContent on hostile HTML', () => {
  it('does not render HTML nested deeper than the converter handles, and still reads its text', () => {
    const html = `${'<div>'.repeat(5000)}deep <b>text</b> &amp; more${'</div>'.repeat(5000)}<script>x()</script>`;
    const content = mailContent(parsedMail({ text: undefined, html }));
    expect(content.html).toBeUndefined();
    expect(content.text).toBe('deep text & more');
  });

  it('does not render HTML larger than the limit, and reads its text linearly', () => {
    const html = `<style>p{}</style>${'<p>word</p>'.repeat(maxHtmlChars / 10)}`;
    const content = mailContent(parsedMail({ text: undefined, html }));
    expect(content.html).toBeUndefined();
    expect(content.text.startsWith('word\nword')).toBe(true);
  });

  it('treats ordinary HTML (nested tables, void elements, unclosed paragraphs) as safe to render', () => {
    const html = `<table><tr><td><table><tr><td><p>a<br>b<img src="cid:x"><p>c</td></tr></table></td></tr></table>`;
    expect(hostileHtml(html)).toBe(false);
    expect(nestingDepth(html)).toBe(8);
  });
});
