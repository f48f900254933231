import { describe, expect, it } from 'vitest';
import { mailContent } from '../../../../../functions/domain/email/content';
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
