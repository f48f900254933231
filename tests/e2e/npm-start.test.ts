import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/ports';
import { repositoryRoot } from '../../infra/local/stack';

const tsx = join(repositoryRoot, 'node_modules/.bin/tsx');
/**
 * What `npm start` runs: one Node process with tsx's loader (`tsx <script>` would put a relay process in front,
 * which turns Ctrl-C into exit 130 when the machine is too busy to answer it within 30 ms).
 */
const startCommand = [process.execPath, ['--import', 'tsx', 'infra/local/start.ts']] as const;
const dataDir = mkdtempSync(join(tmpdir(), 'nimbus-start-'));
const children: ChildProcess[] = [];

async function env(dir = dataDir, port?: number) {
  return { ...process.env, NIMBUS_DATA_DIR: dir, PORT: String(port ?? (await freePort())) };
}

/** Runs `npm start`'s script and resolves with the API URL it prints. */
async function start(
  dir = dataDir,
  port?: number,
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(startCommand[0], [...startCommand[1]], { cwd: repositoryRoot, env: await env(dir, port) });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (c) => (output += c));
  child.stderr?.on('data', (c) => (output += c));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start-up banner:\n${output}`)), 90_000);
    child.stdout?.on('data', () => {
      const match = /API\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}:\n${output}`)));
  });
  return { child, url, output: () => output };
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGINT');
  });
}

async function token(user: string): Promise<string> {
  const result = spawnSync(tsx, ['infra/local/token.ts', user], { cwd: repositoryRoot, env: await env() });
  expect(result.status).toBe(0);
  return result.stdout.toString().trim();
}

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start, as a newcomer runs it', () => {
  it('serves the web console, prints its URL, and signs a demo user in for the API', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nimbus-console-'));
    try {
      const started = await start(dir);
      const consoleUrl = /Console\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(started.output())?.[1];
      expect(consoleUrl).toBeDefined();
      const page = await fetch(`${consoleUrl}/portal`);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js">/);
      expect(page.headers.get('content-security-policy')).toContain(`connect-src 'self' ${started.url}`);
      expect(await (await fetch(`${consoleUrl}/config.json`)).json()).toMatchObject({ apiUrl: started.url });
      const signedIn = await fetch(`${consoleUrl}/local/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'carol' }),
      });
      const { token: bearer } = (await signedIn.json()) as { token: string };
      const me = await fetch(`${started.url}/me`, {
        headers: { authorization: `Bearer ${bearer}`, origin: consoleUrl as string },
      });
      expect(me.status).toBe(200);
      expect(me.headers.get('access-control-allow-origin')).toBe(consoleUrl);
      expect(((await me.json()) as { username: string }).username).toBe('carol');
      expect(await stop(started.child)).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('serves the API with a seeded demo desk, keeps data across a restart, refuses a second copy, and npm run reset wipes it', async () => {
    // Prepare: first start, one incident
    const first = await start();
    expect(first.output()).toContain(dataDir);
    expect(first.output()).toContain('npm run token');
    expect(first.output()).toMatch(new RegExp(`Outbox\\s+${join(dataDir, 'outbox')}`));
    expect(first.output()).toMatch(new RegExp(`Events\\s+${join(dataDir, 'events.ndjson')}`));
    const alice = await token('alice');
    const created = await fetch(`${first.url}/incidents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Printer jam', description: 'Floor 2', impact: 3, urgency: 3 }),
    });
    expect(created.status).toBe(201);
    const incident = (await created.json()) as { id: string; number: string; assignmentGroup: string };
    // The first start seeded the demo desk: five incidents before Alice's, routed by the demo rules
    expect(incident.number).toBe('INC0001006');
    expect(incident.assignmentGroup).toBe('service-desk');
    const queue = await fetch(`${first.url}/queues/network`, {
      headers: { authorization: `Bearer ${await token('carol')}` },
    });
    expect(queue.status).toBe(200);
    expect(((await queue.json()) as { items: unknown[] }).items.length).toBeGreaterThan(0);

    // The dispatcher acknowledges it by mail (after commit, from the stream)
    const outbox = join(dataDir, 'outbox');
    const acknowledged = () =>
      existsSync(outbox) &&
      readdirSync(outbox).some((f) => readFileSync(join(outbox, f), 'utf8').includes(`[${incident.number}]`));
    for (const deadline = Date.now() + 20_000; !acknowledged(); ) {
      if (Date.now() > deadline) throw new Error('no acknowledgement in the outbox');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    // A second copy on the same data must not start
    const second = spawnSync(startCommand[0], [...startCommand[1]], {
      cwd: repositoryRoot,
      env: await env(),
      timeout: 60_000,
    });
    expect(second.status).toBe(1);
    expect(second.stderr.toString()).toContain('already running');

    // Act: Ctrl-C, start again
    expect(await stop(first.child)).toBe(0);
    const again = await start();
    const read = await fetch(`${again.url}/incidents/${incident.id}`, {
      headers: { authorization: `Bearer ${alice}` },
    });

    // Assess: same incident, same token still valid (the key lives with the data)
    expect(read.status).toBe(200);
    expect(((await read.json()) as { number: string }).number).toBe(incident.number);
    // A restart resumes the stream where it stopped: a new change is mailed, nothing before it again (the stream
    // is in order, so once the new mail is there a replay of the old records would have shown)
    const mailed = readdirSync(outbox).length;
    const commented = await fetch(`${again.url}/incidents/${incident.id}/comments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await token('bob')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ body: 'Paper tray replaced', visibility: 'public' }),
    });
    expect(commented.status).toBe(201);
    const mentions = (text: string) =>
      readdirSync(outbox).filter((f) => readFileSync(join(outbox, f), 'utf8').includes(text)).length;
    for (const deadline = Date.now() + 20_000; mentions('Paper tray replaced') === 0; ) {
      if (Date.now() > deadline) throw new Error('no mail about the comment after the restart');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(readdirSync(outbox)).toHaveLength(mailed + 1);
    // A restart does not seed again
    const all = await fetch(`${again.url}/incidents?limit=100`, {
      headers: { authorization: `Bearer ${await token('bob')}` },
    });
    expect(((await all.json()) as { items: unknown[] }).items).toHaveLength(6);
    expect(await stop(again.child)).toBe(0);

    const reset = spawnSync(tsx, ['infra/local/reset.ts'], { cwd: repositoryRoot, env: await env() });
    expect(reset.status).toBe(0);
    expect(existsSync(join(dataDir, 'dynamodb'))).toBe(false);
  }, 240_000);

  it('starts two stacks on different data directories at the same time, on the same preferred port', async () => {
    const dirs = [mkdtempSync(join(tmpdir(), 'nimbus-a-')), mkdtempSync(join(tmpdir(), 'nimbus-b-'))];
    const port = await freePort();
    try {
      const [a, b] = await Promise.all(dirs.map((dir) => start(dir, port)));
      expect(new Set([a.url, b.url]).size).toBe(2);
      expect([a.url, b.url]).toContain(`http://127.0.0.1:${port}`);
      for (const { url } of [a, b]) expect((await fetch(`${url}/openapi.json`)).status).toBe(200);
      expect(await Promise.all([stop(a.child), stop(b.child)])).toEqual([0, 0]);
    } finally {
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
