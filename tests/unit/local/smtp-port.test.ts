import { afterEach, describe, expect, it } from 'vitest';
import { type LocalSmtp, startLocalSmtp } from '../../../infra/local/smtp';

const started: LocalSmtp[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((smtp) => smtp.stop()));
});

async function start(port: number, anyPortIfTaken: boolean, errors: unknown[] = []) {
  const smtp = await startLocalSmtp({
    bucket: 'unused',
    deskAddresses: ['desk@example.com'],
    port,
    anyPortIfTaken,
    onError: (_key, error) => errors.push(error),
  });
  started.push(smtp);
  return smtp;
}

describe('the local SMTP listener port', () => {
  it('takes another free port when the asked one is taken, without reporting a failed message', async () => {
    const first = await start(0, false);
    const errors: unknown[] = [];
    const second = await start(first.port, true, errors);
    expect(second.port).not.toBe(first.port);
    expect(second.url).toBe(`smtp://127.0.0.1:${second.port}`);
    expect(errors).toEqual([]);
  });

  it('fails to start when the asked port is taken and no other is allowed', async () => {
    const first = await start(0, false);
    await expect(start(first.port, false)).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});
