import MailComposer from 'nodemailer/lib/mail-composer';
import type { OutboundMail } from '../../domain/notifications/ports';

/**
 * The RFC 5322 message for `mail`: multipart/alternative (plain text, then HTML), CRLF line ends, our Message-ID and
 * extra headers as given. Nothing is read from files or URLs, whatever the content says.
 */
export function composeMessage(mail: OutboundMail, date: Date): Promise<Buffer> {
  const composer = new MailComposer({
    messageId: mail.messageId,
    date,
    from: { ...mail.from, name: mail.from.name ?? '' },
    replyTo: { ...mail.replyTo, name: mail.replyTo.name ?? '' },
    to: mail.to.map((to) => ({ ...to, name: to.name ?? '' })),
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    headers: { ...mail.headers },
    newline: 'win',
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return composer.compile().build();
}
