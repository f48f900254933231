/**
 * Issue 10: axe-core (WCAG 2 A/AA) on every main screen of the console, with zero serious or critical violations.
 * The contexts are created with `bypassCSP` so the test can inject axe (see `expectAccessible`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserTestTimeout, type ConsoleHarness, eventually, expectAccessible, startConsoleHarness } from './support';

let harness: ConsoleHarness;
beforeAll(async () => {
  harness = await startConsoleHarness();
});
afterAll(() => harness?.stop());

describe('accessibility of the main screens', { timeout: browserTestTimeout }, () => {
  it('sign-in, portal, agent and admin screens have no serious or critical axe violations', async () => {
    const raised = await harness.api.call('alice', 'POST', '/incidents', {
      body: {
        title: 'Printer jams on floor 2',
        description: 'Every page',
        impact: 2,
        urgency: 2,
        category: 'hardware.printer',
      },
    });
    expect(raised.status).toBe(201);
    const number = raised.body.number as string;

    const signedOut = await harness.signInPage({ bypassCSP: true });
    await signedOut.getByRole('button', { name: /\balice\b/ }).waitFor();
    await expectAccessible(signedOut, 'sign-in');

    const requester = await harness.signIn('alice', { bypassCSP: true });
    await requester.locator(`table.tickets tr[data-number="${number}"]`).first().waitFor();
    await expectAccessible(requester, 'portal my tickets');

    await requester.goto('/portal/new');
    await requester.getByLabel('Title').waitFor();
    await expectAccessible(requester, 'portal new incident');

    await requester.goto(`/portal/tickets/${number}`);
    await requester.getByRole('heading', { level: 1, name: new RegExp(number) }).waitFor();
    await expectAccessible(requester, 'portal ticket');

    const agent = await harness.signIn('bob', { bypassCSP: true });
    await agent.goto('/agent/queues/end-user-computing');
    await agent.locator(`table.tickets tr[data-number="${number}"]`).waitFor();
    await expectAccessible(agent, 'agent queue');

    await agent.goto('/agent/assigned');
    await agent.getByRole('heading', { level: 1 }).waitFor();
    await agent.waitForLoadState('networkidle');
    await expectAccessible(agent, 'agent assigned');

    await agent.goto(`/agent/tickets/${number}`);
    await agent.getByLabel('Find a member of the group').waitFor();
    await expectAccessible(agent, 'agent ticket');

    const admin = await harness.signIn('erin', { bypassCSP: true });
    await admin.goto('/admin/routing');
    await admin.locator('tr[data-rule]').first().waitFor();
    await expectAccessible(admin, 'admin routing rules');
  });

  it('the change screens (issue 11) have no serious or critical axe violations', async () => {
    const requester = await harness.signIn('alice', { bypassCSP: true });
    await requester.goto('/changes');
    await requester.getByRole('heading', { name: 'Changes', level: 1 }).waitFor();
    await requester.waitForLoadState('networkidle');
    await expectAccessible(requester, 'changes list (requester)');
    await requester.goto('/changes/new');
    await requester.getByLabel('Implementation plan').waitFor();
    await requester.waitForLoadState('networkidle');
    await expectAccessible(requester, 'new change');
    await requester.getByLabel('Standard', { exact: false }).check();
    await requester.getByLabel('Template', { exact: true }).waitFor();
    await expectAccessible(requester, 'new standard change');

    const manager = await harness.signIn('dave', { bypassCSP: true });
    await manager.goto('/calendar');
    await manager.getByRole('heading', { name: 'Subscribe' }).waitFor();
    await manager.waitForLoadState('networkidle');
    await expectAccessible(manager, 'change calendar');
    await manager.goto('/calendar?view=month');
    await manager.waitForLoadState('networkidle');
    await expectAccessible(manager, 'change calendar (month)');
    await manager.goto('/approvals');
    await manager.getByRole('heading', { name: 'My approvals', level: 1 }).waitFor();
    await manager.waitForLoadState('networkidle');
    await expectAccessible(manager, 'my approvals');

    const admin = await harness.signIn('erin', { bypassCSP: true });
    for (const [path, heading] of [
      ['/admin/blackouts', 'Blackout windows'],
      ['/admin/change-templates', 'Standard change templates'],
      ['/admin/risk-questions', 'Risk questions'],
    ] as const) {
      await admin.goto(path);
      await admin.getByRole('heading', { name: heading, level: 1 }).waitFor();
      await admin.waitForLoadState('networkidle');
      await expectAccessible(admin, `admin ${heading.toLowerCase()}`);
    }
  });

  it('keyboard alone: an admin creates a service, and the focused control shows a visible focus ring', async () => {
    const admin = await harness.signIn('erin');
    await admin.goto('/admin/services');
    await admin.locator('tr[data-service]').first().waitFor();
    /** Run in the page: the focused element's label and focus outline. */
    const focused = () =>
      admin.evaluate(() => {
        const { document, getComputedStyle } = globalThis as unknown as {
          document: {
            activeElement: { id: string; tagName: string } | null;
            querySelector(s: string): { textContent: string } | null;
          };
          getComputedStyle(e: unknown): { outlineStyle: string; outlineWidth: string };
        };
        const el = document.activeElement;
        if (!el) return { label: '', outline: 'none' };
        const style = getComputedStyle(el);
        const label = el.id ? (document.querySelector(`label[for="${el.id}"]`)?.textContent ?? '') : el.tagName;
        return { label, outline: style.outlineStyle === 'none' ? 'none' : style.outlineWidth };
      });
    let presses = 0;
    while ((await focused()).label !== 'Service id') {
      expect(++presses, 'Service id is not reachable with Tab').toBeLessThan(80);
      await admin.keyboard.press('Tab');
    }
    expect((await focused()).outline).not.toBe('none');
    await admin.keyboard.type('kbd-only');
    await admin.keyboard.press('Tab');
    expect((await focused()).label).toBe('Service name');
    await admin.keyboard.type('Keyboard only service');
    await admin.keyboard.press('Enter');
    await expect
      .poll(async () => (await admin.locator('.alert').allTextContents()).join(' | '), eventually)
      .toContain('Service “Keyboard only service” created.');
  });
});
