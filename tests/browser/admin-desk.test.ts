/** Issue 10: the admin pages for groups and members, categories and services, in a real browser. */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserTestTimeout, type ConsoleHarness, eventually, expectAccessible, startConsoleHarness } from './support';

let harness: ConsoleHarness;
beforeAll(async () => {
  harness = await startConsoleHarness();
});
afterAll(() => harness?.stop());

/** Picks a person with the people picker (search box, then the select of matches). */
async function pick(page: Page, search: string, select: string, query: string, option: string) {
  await page.getByLabel(search).fill(query);
  await expect
    .poll(() => page.getByLabel(select, { exact: true }).locator('option').allTextContents(), eventually)
    .toContain(option);
  await page.getByLabel(select, { exact: true }).selectOption({ label: option });
}

/** Waits for the page's notice (an API problem shown instead fails with its text). */
async function said(page: Page, notice: string) {
  await expect
    .poll(async () => (await page.locator('.alert, .field-invalid').allTextContents()).join(' | '), eventually)
    .toContain(notice);
}

describe('desk administration in a real browser', { timeout: browserTestTimeout }, () => {
  it('an admin sets up a group with a member, a category tree and a service; a requester can use them', async () => {
    const admin = await harness.signIn('erin', { bypassCSP: true });

    // Groups: create one with a manager chosen with the picker, then add a member.
    await admin.getByRole('link', { name: 'Groups', exact: true }).click();
    await admin.getByRole('heading', { name: 'Groups', level: 1 }).waitFor();
    await admin.locator('tr[data-group]').first().waitFor();
    await admin.getByLabel('Group id').fill('payroll-support');
    await admin.getByLabel('Group name').fill('Payroll Support');
    await admin.getByLabel('Description').fill('Payslips and salary questions');
    await pick(admin, 'Find the manager', 'Manager', 'carol', 'Carol Chen (carol)');
    await admin.getByRole('button', { name: 'Create group' }).click();
    await said(admin, 'Group “Payroll Support” created.');
    await admin.locator('tr[data-group="payroll-support"]').waitFor();
    await expectAccessible(admin, 'admin groups');
    await harness.screenshot(admin, 'admin-groups');

    await admin.getByRole('link', { name: 'Payroll Support', exact: true }).click();
    await admin.getByRole('heading', { name: 'Payroll Support', level: 2 }).waitFor();
    await pick(admin, 'Find a person to add', 'Person to add', 'bob', 'Bob Baker (bob)');
    await admin.getByRole('button', { name: 'Add member' }).click();
    await admin.locator('tr[data-member="bob"]').waitFor();
    await pick(admin, 'Find a person to add', 'Person to add', 'dave', 'Dave Dubois (dave)');
    await admin.getByRole('button', { name: 'Add member' }).click();
    await admin.getByRole('button', { name: 'Remove dave' }).click();
    await said(admin, 'dave removed from Payroll Support.');
    await expect.poll(() => admin.locator('tr[data-member]').count(), eventually).toBe(1);
    await admin.getByLabel('Group name').fill('Payroll & Salaries');
    await admin.getByRole('button', { name: 'Save group' }).click();
    await said(admin, 'Group “Payroll & Salaries” saved.');
    await expectAccessible(admin, 'admin group members');
    await harness.screenshot(admin, 'admin-group-members');
    const members = await harness.api.call('erin', 'GET', '/groups/payroll-support/members');
    expect(members.body.items.map((m: { user: { username: string } }) => m.user.username)).toEqual(['bob']);

    // Categories: a top-level category and a sub-category under it.
    await admin.getByRole('link', { name: 'Categories' }).click();
    await admin.getByRole('heading', { name: 'Categories', level: 1 }).waitFor();
    await admin.getByLabel('Category slug').fill('payroll');
    await admin.getByLabel('Category name').fill('Payroll');
    await admin.getByRole('button', { name: 'Create category' }).click();
    await said(admin, 'Category “Payroll” created.');
    await admin.getByLabel('Parent category').selectOption('payroll');
    await admin.getByLabel('Category slug').fill('payslips');
    await admin.getByLabel('Category name').fill('Payslips');
    await admin.getByRole('button', { name: 'Create category' }).click();
    await said(admin, 'Category “Payslips” created.');
    await admin
      .getByRole('list', { name: 'Sub-categories of Payroll' })
      .locator('li[data-category="payroll.payslips"]')
      .waitFor();
    await expectAccessible(admin, 'admin categories');
    await harness.screenshot(admin, 'admin-categories');

    // Services.
    await admin.getByRole('link', { name: 'Services' }).click();
    await admin.getByRole('heading', { name: 'Services', level: 1 }).waitFor();
    await admin.getByLabel('Service id').fill('payroll-portal');
    await admin.getByLabel('Service name').fill('Payroll portal');
    await admin.getByLabel('Owner group').selectOption('payroll-support');
    await admin.getByRole('button', { name: 'Create service' }).click();
    await said(admin, 'Service “Payroll portal” created.');
    await admin.locator('tr[data-service="payroll-portal"]').waitFor();
    await expectAccessible(admin, 'admin services');
    await harness.screenshot(admin, 'admin-services');

    // A requester sees them in the raise form.
    const requester = await harness.signIn('frank');
    await requester.goto('/portal/new');
    await expect
      .poll(() => requester.getByLabel('Category').locator('option').allTextContents(), eventually)
      .toEqual(expect.arrayContaining([expect.stringContaining('Payslips')]));
    const services = await requester.getByLabel('Service').locator('option').allTextContents();
    expect(services).toContain('Payroll portal');
  });

  it('renaming and retiring: a retired service is no longer offered to requesters', async () => {
    const admin = await harness.signIn('erin');
    await admin.goto('/admin/services');
    await admin.locator('tr[data-service]').first().waitFor();
    const id = await admin.locator('tr[data-service]').first().getAttribute('data-service');
    const name = await admin.locator('tr[data-service]').first().locator('td').nth(1).textContent();
    await admin.getByRole('button', { name: `Retire ${name}` }).click();
    await said(admin, `Service “${name}” retired.`);
    const listed = await harness.api.call('frank', 'GET', `/services/${id}`);
    expect(listed.body.active).toBe(false);

    await admin.goto('/admin/categories');
    await admin.getByRole('button', { name: 'Rename Hardware', exact: true }).click();
    await admin.getByLabel('New name').fill('');
    await admin.getByRole('button', { name: 'Save name' }).click();
    await admin.getByRole('alert').first().waitFor();
    expect(await admin.getByLabel('New name').getAttribute('aria-invalid')).toBe('true');
    await admin.getByLabel('New name').fill('Hardware and peripherals');
    await admin.getByRole('button', { name: 'Save name' }).click();
    await said(admin, 'Category renamed to “Hardware and peripherals”.');
  });

  it('the admin pages are not there for agents', async () => {
    const agent = await harness.signIn('bob');
    expect(await agent.getByRole('link', { name: 'Groups', exact: true }).count()).toBe(0);
    await agent.goto('/admin/groups');
    await agent.getByRole('heading', { name: 'Not found' }).waitFor();
  });
});
