import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { notificationMail } from '../../../../functions/dispatch/notifications/message';
import { loadTemplates, TemplateError, templatesDir } from '../../../../functions/dispatch/notifications/templates';
import type { NotificationData, NotificationKind } from '../../../../functions/domain/notifications/plan';
import { notificationKinds } from '../../../../functions/domain/notifications/plan';
import { aPerson, desk } from '../support';

const hostileTitle = 'Printer <script>alert("x")</script> & "co"';
const data: NotificationData = {
  recordId: '01JRECORD0000000000000000A',
  number: 'INC0001001',
  title: hostileTitle,
  status: 'resolved',
  priority: 'P2',
  assignmentGroup: 'network',
  actor: { id: 'u-agent', username: 'agent' },
  comment: { id: 'C1', body: 'Try this:\n<img src=x onerror=alert(1)>\nthen reboot.' },
  resolution: { code: 'solved_workaround', notes: 'Cleared the <queue>.' },
  majorIncident: { id: 'MAJ', number: 'INC0000900' },
  sla: { milestone: 'warning', clock: 'resolution', dueAt: '2026-12-07T17:00:00.000Z', at: '2026-12-07T15:44:30.000Z' },
};
const recipient = { ...aPerson('u-rita'), email: 'rita@example.com', name: 'Rita <Ops>' } as const;

function mailOf(kind: NotificationKind, overrides: Partial<NotificationData> = {}) {
  return notificationMail(
    { kind, data: { ...data, ...overrides }, recipient, actor: aPerson('u-agent'), recordType: 'incident' },
    loadTemplates(),
    desk,
    '<01JMSG@mail.nimbus.example>',
  );
}

describe('notification templates', () => {
  it.each(notificationKinds)('%s: subject with the ticket token, plain text as written, HTML escaped', (kind) => {
    const mail = mailOf(kind);
    expect(mail.subject.startsWith('[INC0001001] ')).toBe(true);
    expect(mail.subject).toContain(hostileTitle);
    expect(mail.text).toContain(hostileTitle);
    expect(mail.text).toContain('Rita <Ops>');
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('Printer &lt;script&gt;');
    expect(mail.html).not.toContain('<Ops>');
    expect(mail.text).toContain('https://desk.nimbus.example/incidents/INC0001001');
  });

  it.each(['comment', 'work-note', 'major-update'] as const)('%s shows the comment body, escaped in HTML', (kind) => {
    const mail = mailOf(kind);
    expect(mail.text).toContain('<img src=x onerror=alert(1)>\nthen reboot.');
    expect(mail.html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    expect(mail.html).not.toContain('<img');
  });

  it('warns which SLA clock is due when, and how long is left', () => {
    const mail = mailOf('sla-warning');
    expect(mail.subject).toBe(`[INC0001001] SLA warning: resolution due 2026-12-07 17:00 UTC: ${hostileTitle}`);
    expect(mail.text).toContain(
      'The resolution target of INC0001001 is close: it is due at 2026-12-07 17:00 UTC,\n1 h 15 min from now.',
    );
    expect(mail.html).toContain('1 h 15 min from now');
  });

  it('says which SLA clock is breached, when it was due and by how much it is overdue', () => {
    const mail = mailOf('sla-breach', {
      sla: {
        milestone: 'breach',
        clock: 'response',
        dueAt: '2026-12-07T17:00:00.000Z',
        at: '2026-12-07T17:00:20.000Z',
      },
    });
    expect(mail.subject).toBe(`[INC0001001] SLA breached: response was due 2026-12-07 17:00 UTC: ${hostileTitle}`);
    expect(mail.text).toContain('and is overdue by less than a minute.');
    const late = mailOf('sla-breach', {
      sla: {
        milestone: 'breach',
        clock: 'response',
        dueAt: '2026-12-07T17:00:00.000Z',
        at: '2026-12-09T20:10:00.000Z',
      },
    });
    expect(late.text).toContain('overdue by 2 d 3 h.');
  });

  it('says how to follow and reply to a new incident', () => {
    const mail = mailOf('acknowledgement');
    expect(mail.subject).toBe(`[INC0001001] We have received your request: ${hostileTitle}`);
    expect(mail.text).toContain('reply to this e-mail and keep [INC0001001] in the');
    expect(mail.text).toContain('desk@nimbus.example');
  });

  it('says how to reopen, with the resolution', () => {
    const mail = mailOf('resolved');
    expect(mail.text).toContain('Resolution: Solved (workaround)');
    expect(mail.text).toContain('Cleared the <queue>.');
    expect(mail.html).toContain('Cleared the &lt;queue&gt;.');
    expect(mail.text).toMatch(/Not fixed\? Reopen it at https:\/\/desk\.nimbus\.example\/incidents\/INC0001001/);
  });

  it('names the major incident in a major update', () => {
    expect(mailOf('major-update').subject).toBe(`[INC0001001] Update on major incident INC0000900: ${hostileTitle}`);
  });

  it('keeps the subject on one line whatever the title holds', () => {
    expect(mailOf('assigned', { title: 'one\r\ntwo\nthree' }).subject).toBe(
      '[INC0001001] Assigned to you: one two three',
    );
  });

  it('marks every mail as automatic, ours, and part of the ticket thread', () => {
    expect(mailOf('acknowledgement').headers).toEqual({
      'Auto-Submitted': 'auto-generated',
      'X-Auto-Response-Suppress': 'All',
      'X-Nimbus-Loop': 'mail.nimbus.example',
      References: '<incident.01JRECORD0000000000000000A@mail.nimbus.example>',
    });
    expect(mailOf('comment').headers['In-Reply-To']).toBe('<incident.01JRECORD0000000000000000A@mail.nimbus.example>');
  });

  it('answers the mail that raised the incident with the acknowledgement', () => {
    const ack = mailOf('acknowledgement', { inboundMessageId: '<first@example.com>' });
    expect(ack.headers['In-Reply-To']).toBe('<first@example.com>');
    expect(ack.headers.References).toBe(
      '<first@example.com> <incident.01JRECORD0000000000000000A@mail.nimbus.example>',
    );
    expect(mailOf('comment', { inboundMessageId: '<first@example.com>' }).headers['In-Reply-To']).toBe(
      '<incident.01JRECORD0000000000000000A@mail.nimbus.example>',
    );
  });

  it('shows an automatic change as done by the desk, with its reason', () => {
    const mail = mailOf('assigned', { actor: { id: 'sys', username: 'nimbus', system: { reason: 'routing rule' } } });
    expect(mail.text).toContain('Nimbus Service Desk (routing rule) assigned INC0001001 to you');
  });
});

describe('template folder', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function copyOfTemplates(): string {
    const dir = mkdtempSync(join(tmpdir(), 'nimbus-templates-'));
    dirs.push(dir);
    cpSync(templatesDir(), dir, { recursive: true });
    return dir;
  }

  it('is read from NIMBUS_TEMPLATES_DIR when set', () => {
    const dir = copyOfTemplates();
    writeFileSync(join(dir, 'assigned.txt'), 'Subject: [{{number}}] Yours now\n\nBody {{title}}\n');
    const previous = process.env.NIMBUS_TEMPLATES_DIR;
    process.env.NIMBUS_TEMPLATES_DIR = dir;
    try {
      expect(templatesDir()).toBe(dir);
      expect(loadTemplates().assigned).toMatchObject({ subject: '[{{number}}] Yours now', text: 'Body {{title}}\n' });
    } finally {
      if (previous === undefined) delete process.env.NIMBUS_TEMPLATES_DIR;
      else process.env.NIMBUS_TEMPLATES_DIR = previous;
    }
  });

  it.each([
    ['a text template without a subject line', 'comment.txt', 'Hello {{title}}\n', /first line must be "Subject: …"/],
    [
      'a subject without the ticket token',
      'comment.txt',
      'Subject: {{title}}\n\nHi\n',
      /must carry \[\{\{number\}\}\]/,
    ],
    ['HTML that skips escaping', 'comment.html', '<p>{{{comment.body}}}</p>', /may not use/],
    ['HTML that skips escaping with &', 'comment.html', '<p>{{& comment.body}}</p>', /may not use/],
    ['a mustache syntax error', 'comment.html', '<p>{{#open}}</p>', /Unclosed section/],
  ])('refuses %s', (_name, file, content, message) => {
    const dir = copyOfTemplates();
    writeFileSync(join(dir, file), content);
    expect(() => loadTemplates(dir)).toThrow(message);
  });

  it('refuses a folder missing a kind', () => {
    const dir = copyOfTemplates();
    rmSync(join(dir, 'resolved.html'));
    expect(() => loadTemplates(dir)).toThrow(/resolved\.html/);
  });

  it('names the file in its errors', () => {
    const dir = copyOfTemplates();
    writeFileSync(join(dir, 'work-note.txt'), 'nope');
    expect(() => loadTemplates(dir)).toThrow(TemplateError);
    expect(() => loadTemplates(dir)).toThrow(/work-note\.txt/);
  });
});
