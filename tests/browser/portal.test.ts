import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserTestTimeout, type ConsoleHarness, eventually, startConsoleHarness } from './support';

let harness: ConsoleHarness;
beforeAll(async () => {
  harness = await startConsoleHarness();
});
afterAll(() => harness?.stop());

describe('the requester portal in a real browser', { timeout: browserTestTimeout }, () => {
  it('signs in as a demo user, raises an incident and finds it in "my tickets"', async () => {
    const page = await harness.signIn('alice');
    await harness.screenshot(page, 'portal-my-tickets');
    await page.getByRole('link', { name: 'Raise an incident' }).first().click();
    await page.getByLabel('Title').fill('Printer on floor 3 jams on every page');
    await page.getByLabel('Description').fill('Since this morning, every print job jams after the first page.');
    await page.getByLabel('Category').selectOption('hardware.printer');
    await page.getByLabel('Impact').selectOption('2');
    await harness.screenshot(page, 'portal-new-incident');
    await page.getByRole('button', { name: 'Raise incident' }).click();

    const heading = page.getByRole('heading', { level: 1 });
    await expect
      .poll(() => heading.textContent(), eventually)
      .toMatch(/^INC\d+ Printer on floor 3 jams on every page$/);
    const number = (await heading.textContent())?.split(' ')[0];
    await harness.screenshot(page, 'portal-ticket');

    await page.getByRole('link', { name: 'My tickets' }).click();
    const row = page.locator(`table.tickets tr[data-number="${number}"]`).first();
    await row.waitFor();
    expect(await row.textContent()).toContain('New');
  });

  it('shows a validation problem as a readable message with the field highlighted', async () => {
    const page = await harness.signIn('frank');
    await page.goto('/portal/new');
    await page.getByLabel('Description').fill('Something is wrong');
    await page.getByRole('button', { name: 'Raise incident' }).click();
    const alert = page.getByRole('alert').first();
    await alert.waitFor();
    expect(await alert.textContent()).toBe('Please correct the highlighted field: Required.');
    const title = page.getByLabel('Title');
    expect(await title.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('.field-invalid label').textContent()).toBe('Title');
    await harness.screenshot(page, 'portal-validation-problem');
  });
});
