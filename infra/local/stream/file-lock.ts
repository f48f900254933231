import { open, rm, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

const staleAfterMs = 30_000;
const giveUpAfterMs = 15_000;

/**
 * Runs `critical` while holding `<file>.lock` (created exclusively), so two processes — the running stack and an
 * admin script — never interleave a rewrite of `file` with an append to it. A lock older than 30 s is left over
 * from a crashed process and is broken.
 */
export async function withFileLock<T>(file: string, critical: () => Promise<T>): Promise<T> {
  const lock = `${file}.lock`;
  const deadline = Date.now() + giveUpAfterMs;
  for (;;) {
    try {
      const handle = await open(lock, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (await isStale(lock)) await rm(lock, { force: true });
      else if (Date.now() > deadline) throw new Error(`${lock} is held by another process`);
      else await sleep(10);
    }
  }
  try {
    return await critical();
  } finally {
    await rm(lock, { force: true });
  }
}

async function isStale(lock: string): Promise<boolean> {
  try {
    return Date.now() - (await stat(lock)).mtimeMs > staleAfterMs;
  } catch {
    return false; // released meanwhile: try again
  }
}
