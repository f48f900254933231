import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserTestTimeout, type ConsoleHarness, eventually, startConsoleHarness } from './support';

let harness: ConsoleHarness;
beforeAll(async () => {
  harness = await startConsoleHarness();
});
afterAll(() => harness?.stop());

describe('admin pages in a real browser', { timeout: browserTestTimeout }, () => {
  it('an admin adds a routing rule and the next ticket follows it', async () => {
    const admin = await harness.signIn('erin');
    await admin.getByRole('link', { name: 'Routing rules' }).click();
    await admin.getByRole('heading', { name: 'Routing rules' }).waitFor();
    await admin.locator('tr[data-rule]').first().waitFor();
    const before = await admin.locator('tr[data-rule]').count();

    await admin.getByLabel('Rule name').fill('Payroll goes to Network');
    await admin.getByLabel('Keywords').fill('payroll, payslip');
    await admin.getByLabel('Send to group').selectOption('network');
    await admin.getByLabel('Try this rule first').check();
    await admin.getByRole('button', { name: 'Add rule' }).click();
    await admin.getByText('Rule “Payroll goes to Network” added.').waitFor();
    await expect.poll(() => admin.locator('tr[data-rule]').count(), eventually).toBe(before + 1);
    expect(await admin.locator('tr[data-rule]').first().getAttribute('data-rule')).toBe('Payroll goes to Network');
    await harness.screenshot(admin, 'admin-routing-rules');

    // Reorder with the keyboard-reachable buttons: it moves down one place, and back up.
    await admin.getByRole('button', { name: 'Move Payroll goes to Network down' }).click();
    await expect
      .poll(() => admin.locator('tr[data-rule]').nth(1).getAttribute('data-rule'), eventually)
      .toBe('Payroll goes to Network');
    await admin.getByRole('button', { name: 'Move Payroll goes to Network up' }).click();
    await expect
      .poll(() => admin.locator('tr[data-rule]').first().getAttribute('data-rule'), eventually)
      .toBe('Payroll goes to Network');

    // The next ticket follows it.
    const requester = await harness.signIn('frank');
    await requester.goto('/portal/new');
    await requester.getByLabel('Title').fill('Payroll portal shows last month');
    await requester.getByLabel('Description').fill('My payslip for this month is missing.');
    await requester.getByRole('button', { name: 'Raise incident' }).click();
    const group = requester.locator('.facts div').filter({ hasText: 'Group' }).locator('dd');
    await expect.poll(() => group.textContent(), eventually).toBe('network');
  });

  it('a rule without a name is refused with the field highlighted', async () => {
    const admin = await harness.signIn('erin');
    await admin.goto('/admin/routing');
    await admin.getByLabel('Keywords').fill('anything');
    await admin.getByRole('button', { name: 'Add rule' }).click();
    await admin.getByRole('alert').first().waitFor();
    expect(await admin.getByLabel('Rule name').getAttribute('aria-invalid')).toBe('true');
  });

  it('the admin pages are not there for agents', async () => {
    const agent = await harness.signIn('bob');
    expect(await agent.getByRole('link', { name: 'Routing rules' }).count()).toBe(0);
    await agent.goto('/admin/routing');
    await agent.getByRole('heading', { name: 'Not found' }).waitFor();
  });
});
