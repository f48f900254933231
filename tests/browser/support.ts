/**
 * Browser tests: playwright-core drives the machine's Chromium (Debian's /usr/bin/chromium, which .ci/run installs
 * with apt; never a downloaded browser) against a local stack started by the test, with the built console beside it.
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
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
  /**
   * A fresh browser context (its own session storage) signed in as `username` through the sign-in page. With
   * `bypassCSP` the context ignores the console's Content-Security-Policy so `expectAccessible` can inject axe-core:
   * only for the accessibility checks, never what a real browser does.
   */
  signIn(username: string, options?: { bypassCSP?: boolean }): Promise<Page>;
  /** A fresh context on the sign-in page (signed out); `bypassCSP` as for `signIn`. */
  signInPage(options?: { bypassCSP?: boolean }): Promise<Page>;
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
    signInPage,
    async signIn(username, options) {
      const page = await signInPage(options);
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

  async function signInPage(options?: { bypassCSP?: boolean }): Promise<Page> {
    const context = await browser.newContext({
      baseURL: consoleUrl,
      timezoneId: 'Europe/Paris',
      locale: 'en-GB',
      bypassCSP: options?.bypassCSP ?? false,
    });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto('/');
    await page.getByRole('heading', { name: 'Sign in to Nimbus ITSM' }).waitFor();
    return page;
  }
}

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** What `axe.run` reports per violation (the part we print). */
interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/**
 * Runs axe-core (WCAG 2 A and AA rules) on the page as it is now and fails on any `serious` or `critical` violation,
 * naming the rule, its help and the elements. The page's context must have been created with `bypassCSP: true`: the
 * console's CSP (rightly) refuses the injected script.
 */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => {
    const { axe, document } = globalThis as unknown as {
      axe: { run(context: unknown, options: unknown): Promise<unknown> };
      document: unknown;
    };
    const result = (await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    })) as { violations: AxeViolation[] };
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
  const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = blocking.map(
    (v) =>
      `${screen}: [${v.impact}] ${v.id} — ${v.help} (${v.helpUrl})\n` +
      v.nodes.map((n) => `    ${JSON.stringify(n.target)}: ${n.failureSummary ?? ''}`).join('\n'),
  );
  expect(report, report.join('\n')).toEqual([]);
}
