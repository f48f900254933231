/**
 * Browser tests: playwright-core drives the machine's Chromium (Debian's /usr/bin/chromium, which .ci/run installs
 * with apt; never a downloaded browser) against a local stack started by the test, with the built console beside it.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { repositoryRoot } from '../../infra/local/paths';
import { type Api, startApi } from '../e2e/client';

/** A browser journey is many round trips; on a machine busy with the rest of the suite it needs more than 30 s. */
export const browserTestTimeout = 120_000;

/** `expect.poll` waits 1 s by default: too short for a page to round-trip the API on a loaded machine. */
export const eventually = { timeout: 20_000, interval: 100 } as const;

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Screenshots of the main screens, kept as test artifacts. */
export const artifactsDir = join(repositoryRoot, 'test-results', 'browser');

export interface ConsoleHarness {
  readonly api: Api;
  readonly consoleUrl: string;
  readonly browser: Browser;
  /** A fresh browser context (its own session storage) signed in as `username` through the sign-in page. */
  signIn(username: string): Promise<Page>;
  screenshot(page: Page, name: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startConsoleHarness(): Promise<ConsoleHarness> {
  const api = await startApi({ demo: true, console: true });
  const consoleUrl = api.stack.consoleUrl;
  if (!consoleUrl) throw new Error('the stack serves no console');
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
  const contexts: BrowserContext[] = [];
  mkdirSync(artifactsDir, { recursive: true });
  return {
    api,
    consoleUrl,
    browser,
    async signIn(username) {
      const context = await browser.newContext({ baseURL: consoleUrl, timezoneId: 'Europe/Paris', locale: 'en-GB' });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      await page.goto('/');
      await page.getByRole('button', { name: new RegExp(`\\b${username}\\b`) }).click();
      await page.getByText(/Signed in as/).waitFor();
      return page;
    },
    async screenshot(page, name) {
      await page.screenshot({ path: join(artifactsDir, `${name}.png`), fullPage: true });
    },
    async stop() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close();
      await api.stack.stop();
    },
  };
}
