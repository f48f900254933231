import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir, browserTestTimeout, type ConsoleHarness, eventually, startConsoleHarness } from './support';

/**
 * E-mail in the console: a mail with an attachment sent to the local stack's SMTP listener becomes the requester's
 * ticket, whose attachment downloads byte for byte; an auto-reply held in quarantine is released by an admin from
 * the quarantine screen into a ticket.
 */
let harness: ConsoleHarness;
beforeAll(async () => {
  harness = await startConsoleHarness();
});
afterAll(() => harness?.stop());

async function send(message: SendMailOptions) {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: harness.api.stack.smtp.port,
    secure: false,
    ignoreTLS: true,
  });
  await transport.sendMail({ to: harness.api.stack.smtp.deskAddress, ...message });
  await harness.api.stack.smtp.idle();
}

describe('e-mail in the console', { timeout: browserTestTimeout }, () => {
  it('a mailed ticket shows its attachment, which downloads byte for byte, and the original message', async () => {
    const subject = `Scanner log attached ${ulid().slice(-6)}`;
    const bytes = randomBytes(3000);
    await send({
      from: { name: 'Frank', address: 'frank@example.com' },
      subject,
      text: 'The scanner on floor 2 fails; the log is attached.',
      html: '<p>The scanner on floor 2 <b>fails</b>; the log is attached.</p><script>parent.document.title="owned"</script>',
      attachments: [{ filename: 'scanner.bin', content: bytes, contentType: 'application/octet-stream' }],
    });

    // The ticket through the API (frank's own list, as the portal reads it), then his ticket page in the console.
    let number: string | undefined;
    await expect
      .poll(async () => {
        for (let cursor: string | null = null, first = true; first || cursor; first = false) {
          const page = await harness.api.call(
            'frank',
            'GET',
            `/incidents?requester=me&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
          );
          number ??= page.body.items?.find((i: { title: string }) => i.title === subject)?.number;
          cursor = page.body.nextCursor ?? null;
        }
        return number;
      }, eventually)
      .toMatch(/^INC\d+$/);
    const requester = await harness.signIn('frank');
    await requester.goto(`/incidents/${number}`);
    await requester.getByRole('heading', { name: subject }).waitFor();
    await requester.getByRole('heading', { name: 'Attachments' }).waitFor();
    const attachment = requester.locator('tr[data-attachment="scanner.bin"]');
    expect(await attachment.textContent()).toContain('application/octet-stream');

    const downloading = requester.waitForEvent('download');
    await requester.getByRole('button', { name: 'Download scanner.bin' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('scanner.bin');
    const path = await download.path();
    const { readFile } = await import('node:fs/promises');
    expect(Buffer.compare(await readFile(path), bytes)).toBe(0);

    await requester.getByRole('heading', { name: /Original message/ }).waitFor();
    expect(await requester.locator('.original-message .mail-text').textContent()).toContain('The scanner on floor 2');
    await requester.getByRole('button', { name: 'Formatted' }).click();
    const frame = requester.locator('iframe.mail-html');
    expect(await frame.getAttribute('sandbox')).toBe('');
    await expect
      .poll(() => requester.frameLocator('iframe.mail-html').locator('b').textContent(), eventually)
      .toBe('fails');
    expect(await requester.title()).not.toBe('owned');
    await harness.screenshot(requester, 'mail-ticket-attachments');
    await requester
      .locator('iframe.mail-html')
      .screenshot({ path: join(artifactsDir, 'mail-ticket-original-html.png') });
  });

  it('an auto-reply lands in quarantine and an admin releases it into a ticket from the screen', async () => {
    const subject = `Automatic reply: away ${ulid().slice(-6)}`;
    await send({
      from: { name: 'Olive Away', address: `olive.${ulid().slice(-8).toLowerCase()}@example.com` },
      subject,
      text: 'I am out of the office until Monday.',
      headers: { 'Auto-Submitted': 'auto-replied' },
    });

    const admin = await harness.signIn('erin');
    await admin.getByRole('link', { name: 'E-mail quarantine' }).click();
    await admin.getByRole('heading', { name: 'E-mail quarantine' }).waitFor();
    await admin.getByLabel('Reason').selectOption('auto_reply');
    const entry = admin.getByRole('link', { name: subject });
    await expect
      .poll(async () => {
        await admin.getByLabel('Reason').selectOption('');
        await admin.getByLabel('Reason').selectOption('auto_reply');
        return entry.count();
      }, eventually)
      .toBe(1);
    await harness.screenshot(admin, 'mail-quarantine-list');
    await entry.click();
    await admin.getByRole('heading', { name: subject }).waitFor();
    await harness.screenshot(admin, 'mail-quarantine-detail');
    expect(await admin.locator('.facts').first().textContent()).toContain('auto_reply');
    const headers = admin.locator('.facts.headers');
    expect(await headers.locator('div').filter({ hasText: 'auto-submitted' }).locator('dd').textContent()).toBe(
      'auto-replied',
    );
    expect(await headers.textContent()).toContain(subject);
    await admin.getByRole('button', { name: 'Release into a ticket' }).click();
    const released = admin.locator('[data-released]');
    await released.waitFor();
    const number = (await released.getAttribute('data-released')) as string;
    expect(number).toMatch(/^INC\d+$/);
    await harness.screenshot(admin, 'mail-quarantine-released');
    await admin.getByRole('link', { name: number }).click();
    await admin.getByRole('heading', { name: subject }).waitFor();
    expect(await admin.getByRole('button', { name: 'Release into a ticket' }).count()).toBe(0);
  });

  it('the quarantine screen is not there for agents', async () => {
    const agent = await harness.signIn('bob');
    expect(await agent.getByRole('link', { name: 'E-mail quarantine' }).count()).toBe(0);
    await agent.goto('/admin/quarantine');
    await agent.getByRole('heading', { name: 'Not found' }).waitFor();
  });
});
