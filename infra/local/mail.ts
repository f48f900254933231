/**
 * E-mail with the running local stack (`npm start`):
 *
 *   npm run mail:send -- [--from you@example.com] [--subject "…"] [--text "…"] [--in-reply-to <id>] [file.eml]
 *       sends a mail to the desk through the local SMTP listener (a file is sent as it is)
 *   npm run mail:reprocess -- <key>
 *       runs the stored raw message under <key> (e.g. raw/01J…) through intake again, through the admin API
 *       (POST /email/messages/reprocess); a processed message answers `duplicate` and changes nothing
 *
 * Exit status: 0 done, 1 failed, 2 wrong usage or no running stack.
 */
import { existsSync, readFileSync } from 'node:fs';
import nodemailer from 'nodemailer';
import { persistentIssuer } from './issuer';
import { issuerKeyFile, runningStack, type StackInfo } from './paths';
import { localUsers } from './users';

const usage = `Usage:
  npm run mail:send -- [--from you@example.com] [--subject "…"] [--text "…"] [--in-reply-to "<id>"] [file.eml]
  npm run mail:reprocess -- <key>`;

function fail(message: string, code: number): never {
  console.error(message);
  process.exit(code);
}

function stackOrExit(): StackInfo {
  const stack = runningStack();
  if (!stack?.smtpUrl) fail('No running local stack with e-mail intake (start it with npm start)', 2);
  return stack;
}

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  if (at < 0) return undefined;
  const [, value] = args.splice(at, 2);
  if (value === undefined) fail(usage, 2);
  return value;
}

async function send(args: string[]) {
  const stack = stackOrExit();
  const from = option(args, '--from') ?? 'you@example.com';
  const subject = option(args, '--subject') ?? 'My laptop will not connect to the Wi-Fi';
  const text = option(args, '--text') ?? 'Since this morning the laptop sees the network but cannot join it.';
  const inReplyTo = option(args, '--in-reply-to');
  const file = args[0];
  const url = new URL(stack.smtpUrl as string);
  const transport = nodemailer.createTransport({
    host: url.hostname,
    port: Number(url.port),
    secure: false,
    ignoreTLS: true,
  });
  const to = stack.deskAddress as string;
  const info = file
    ? await transport.sendMail({ envelope: { from, to: [to] }, raw: readFileSync(file) })
    : await transport.sendMail({
        from,
        to,
        subject,
        text,
        ...(inReplyTo ? { inReplyTo, references: [inReplyTo] } : {}),
      });
  console.log(`Sent ${info.messageId ?? '(raw file)'} to ${to} via ${stack.smtpUrl}: ${info.response}`);
}

async function reprocess(args: string[]) {
  const [key] = args;
  if (!key) fail(usage, 2);
  const stack = stackOrExit();
  const admin = localUsers.find((user) => user.groups.includes('admins'));
  if (!admin || !existsSync(issuerKeyFile)) fail(`No local signing key at ${issuerKeyFile}`, 2);
  const token = await (await persistentIssuer(issuerKeyFile)).sign(admin, 10 * 60);
  const response = await fetch(`${stack.url}/email/messages/reprocess`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ key }),
  });
  const body = await response.text();
  if (response.status >= 400) fail(`${response.status}: ${body}`, 1);
  console.log(body);
}

const [command, ...args] = process.argv.slice(2);
const run = command === 'send' ? send : command === 'reprocess' ? reprocess : undefined;
if (!run) fail(usage, 2);
run(args).catch((error: unknown) => fail(error instanceof Error ? error.message : String(error), 1));
