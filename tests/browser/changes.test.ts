/**
 * Issue 11: change enablement in the console, in a real browser against the local stack — a requester raises a normal
 * change, the change manager assesses its risk and sends it to authorisation; an admin adds a blackout window and an
 * emergency change inside it is refused until the change manager gives an override reason.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserTestTimeout, type ConsoleHarness, eventually, expectAccessible, startConsoleHarness } from './support';

let harness: ConsoleHarness;
beforeAll(async () => {
  harness = await startConsoleHarness();
});
afterAll(() => harness?.stop());

const day = 24 * 3600_000;
/** A whole hour `days` from now (the browser contexts run in Europe/Paris; inputs take local time). */
function at(days: number, hour: number): Date {
  const d = new Date(Date.now() + days * day);
  d.setUTCHours(hour, 0, 0, 0);
  return d;
}
/** What a `datetime-local` input takes for an instant, in the browser context's zone (Europe/Paris). */
function parisInput(d: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Paris',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(d);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`;
}

const status = (page: Page) => page.getByTestId('change-status');

/** The change the first journey sends to authorisation (the CAB journey votes on it). */
let authorised: string | undefined;

/** The `YYYY-MM-DD` of an instant in the browser contexts' zone (Europe/Paris). */
function parisDay(iso: string): string {
  return parisInput(new Date(iso)).slice(0, 10);
}

/** Waits for the page's notice (an API problem shown instead fails with its text). */
async function said(page: Page, notice: string) {
  await expect
    .poll(async () => (await page.locator('.alert, .field-invalid').allTextContents()).join(' | '), eventually)
    .toContain(notice);
}

/** Answers the questionnaire with each question's heaviest answer (a risky change: the CAB decides). */
async function answerRiskiest(page: Page) {
  const questions = await harness.api.call('dave', 'GET', '/change-risk-questions?limit=100');
  expect(questions.status).toBe(200);
  const active = (
    questions.body.items as { id: string; active: boolean; answers: { text: string; weight: number }[] }[]
  ).filter((q) => q.active);
  expect(active.length).toBeGreaterThan(0);
  for (const q of active) {
    const heaviest = [...q.answers].sort((a, b) => b.weight - a.weight)[0];
    await page.locator(`fieldset[data-question="${q.id}"]`).getByLabel(heaviest.text, { exact: false }).check();
  }
}

/** Alice raises a normal change through the form; returns its number. */
async function raiseNormalChange(page: Page, title: string, start: Date, end: Date): Promise<string> {
  await page.getByRole('link', { name: 'Changes', exact: true }).click();
  await page.getByRole('heading', { name: 'Changes', level: 1 }).waitFor();
  await page.getByRole('link', { name: 'New change' }).click();
  await page.getByRole('heading', { name: 'New change', level: 1 }).waitFor();
  await page.getByLabel('Normal', { exact: false }).check();
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Description').fill('The payroll database needs the vendor’s security patch.');
  await page.getByLabel('Implementation plan').fill('Fail over, patch the standby, fail back, patch the other node.');
  await page.getByLabel('Backout plan').fill('Fail back to the unpatched node.');
  await page.getByLabel('Test plan').fill('Run the payroll smoke tests.');
  await page.getByLabel('Planned start').fill(parisInput(start));
  await page.getByLabel('Planned end').fill(parisInput(end));
  await page.getByLabel('Configuration items').fill('db-payroll-01\ndb-payroll-02');
  await page.getByRole('button', { name: 'Raise change' }).click();
  await page.getByRole('heading', { level: 1, name: /CHG\d+/ }).waitFor();
  const heading = (await page.getByRole('heading', { level: 1 }).textContent()) ?? '';
  const number = /CHG\d+/.exec(heading)?.[0];
  expect(number, heading).toBeTruthy();
  return number as string;
}

describe('change enablement in a real browser', { timeout: browserTestTimeout }, () => {
  it('erin adds risk questions with weighted answers, and a standard-change template', async () => {
    const admin = await harness.signIn('erin', { bypassCSP: true });
    await admin.getByRole('link', { name: 'Risk questions' }).click();
    await admin.getByRole('heading', { name: 'Risk questions', level: 1 }).waitFor();
    const add = admin.getByRole('form', { name: 'Add a question' });
    for (const [text, answers] of [
      [
        'How many people lose service if it goes wrong?',
        [
          ['Nobody', '0'],
          ['One team', '4'],
          ['Everyone', '10'],
        ],
      ],
      [
        'Can it be backed out within an hour?',
        [
          ['Yes', '0'],
          ['No', '8'],
        ],
      ],
    ] as const) {
      await add.getByLabel('Question').fill(text);
      for (const [i, [answer, weight]] of answers.entries()) {
        if (i >= 2) await add.getByRole('button', { name: 'Add an answer' }).click();
        await add.getByLabel(`Answer ${i + 1}`, { exact: true }).fill(answer);
        await add.getByLabel(`Weight of answer ${i + 1}`).fill(weight);
      }
      await add.getByRole('button', { name: 'Add question' }).click();
      await said(admin, 'Question added.');
      await admin.locator(`li[data-question="${text}"]`).waitFor();
    }
    await expectAccessible(admin, 'admin risk questions');
    const stored = await harness.api.call('erin', 'GET', '/change-risk-questions?limit=100');
    const backout = stored.body.items.find((q: { text: string }) => q.text === 'Can it be backed out within an hour?');
    expect(backout.answers).toEqual([
      { id: 'yes', text: 'Yes', weight: 0 },
      { id: 'no', text: 'No', weight: 8 },
    ]);

    await admin.getByRole('link', { name: 'Change templates' }).click();
    await admin.getByRole('heading', { name: 'Standard change templates', level: 1 }).waitFor();
    const create = admin.getByRole('form', { name: 'Create a template' });
    await create.getByLabel('Template name').fill('Restart the print spooler');
    await create.getByLabel('What it is for').fill('The spooler hangs; restarting it is safe and quick.');
    await create.getByLabel('Change title').fill('Restart the print spooler');
    await create.getByLabel('Implementation plan').fill('Restart the spooler service.');
    await create.getByLabel('Backout plan').fill('None needed.');
    await create.getByLabel('Test plan').fill('Print a test page.');
    await create.getByLabel('Default duration (minutes)').fill('15');
    await create.getByRole('button', { name: 'Create template' }).click();
    await said(admin, 'Template “Restart the print spooler” created.');
    await admin.locator('tr[data-template="Restart the print spooler"]').waitFor();
    await expectAccessible(admin, 'admin change templates');
    await harness.screenshot(admin, 'admin-change-templates');
  });

  it('alice raises a normal change; dave assesses its risk and sends it to authorisation', async () => {
    const requester = await harness.signIn('alice', { bypassCSP: true });
    const start = at(8, 20);
    const number = await raiseNormalChange(
      requester,
      'Patch the payroll database',
      start,
      new Date(+start + 2 * 3600_000),
    );
    await expect.poll(() => status(requester).textContent(), eventually).toBe('Draft');
    await said(requester, 'Change raised.');
    await expectAccessible(requester, 'change page (requester, draft)');
    await requester.getByRole('button', { name: 'Submit for assessment' }).click();
    await expect.poll(() => status(requester).textContent(), eventually).toBe('Assess');
    // Alice may not move it further, nor assess it.
    expect(await requester.getByRole('button', { name: 'Send to authorisation' }).count()).toBe(0);

    const manager = await harness.signIn('dave', { bypassCSP: true });
    await manager.getByRole('link', { name: 'Changes', exact: true }).click();
    await manager.locator(`tr[data-number="${number}"]`).waitFor();
    await expectAccessible(manager, 'changes list');
    await harness.screenshot(manager, 'changes-list');
    await manager.locator(`tr[data-number="${number}"]`).getByRole('link', { name: number }).click();
    await manager.getByRole('heading', { level: 1, name: new RegExp(number) }).waitFor();

    // Without a risk assessment, authorisation is refused and the questionnaire is highlighted.
    await manager.getByRole('button', { name: 'Send to authorisation' }).click();
    await said(manager, 'Assess the risk first');
    await answerRiskiest(manager);
    await expect
      .poll(async () => Number(await manager.getByTestId('risk-score').textContent()), eventually)
      .toBeGreaterThan(0);
    await manager.getByRole('button', { name: 'Save the assessment' }).click();
    await expect
      .poll(() => manager.getByTestId('risk').textContent(), eventually)
      .toMatch(/Score \d+, level (High|Very high)/);
    await expectAccessible(manager, 'change page (change manager, assess)');
    await manager.getByRole('button', { name: 'Send to authorisation' }).click();
    await expect.poll(() => status(manager).textContent(), eventually).toBe('Authorize');
    await manager.getByRole('heading', { name: 'History' }).waitFor();
    await expect
      .poll(async () => (await manager.locator('.timeline').textContent()) ?? '', eventually)
      .toMatch(/Status: Assess → Authorize/);
    await harness.screenshot(manager, 'change-page');

    const stored = await harness.api.call('dave', 'GET', `/changes/${number}`);
    expect(stored.body.status).toBe('authorize');
    expect(stored.body.approval.path).toBe('cab');
    expect(stored.body.cis.map((c: { name: string }) => c.name)).toEqual(['db-payroll-01', 'db-payroll-02']);
    authorised = number;
  });

  it('dave, grace and heidi approve it (My approvals, the change page) → scheduled, and on the calendar', async () => {
    const number = authorised;
    expect(number, 'the first journey sent a change to authorisation').toBeTruthy();
    const change = (await harness.api.call('dave', 'GET', `/changes/${number}`)).body;
    // Segregation of duties: the requester is no approver (the API says why).
    const refused = await harness.api.call('alice', 'POST', `/changes/${change.id}/approvals`, {
      body: { decision: 'approve', reason: 'My own change' },
    });
    expect(refused.status).toBe(403);

    // Grace finds it in My approvals once the workflow has asked the CAB.
    const grace = await harness.signIn('grace', { bypassCSP: true });
    // Grace is also an agent: she starts on the queues, whose default group (once her groups load) leaves her click
    // to My approvals alone.
    await grace.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My approvals' }).click();
    await grace.getByRole('heading', { name: 'My approvals', level: 1 }).waitFor();
    expect(new URL(grace.url()).pathname).toBe('/approvals');
    await expect
      .poll(
        async () => {
          await grace.reload();
          await grace.getByRole('heading', { name: 'My approvals', level: 1 }).waitFor();
          await grace.waitForLoadState('networkidle');
          return grace.locator(`tr[data-number="${number}"]`).count();
        },
        { timeout: 60_000, interval: 500 },
      )
      .toBe(1);
    await expectAccessible(grace, 'my approvals');
    await harness.screenshot(grace, 'my-approvals');
    await grace.locator(`tr[data-number="${number}"]`).getByRole('link', { name: number }).click();
    await grace.getByRole('form', { name: 'Your vote' }).waitFor({ timeout: 30_000 });
    await expectAccessible(grace, 'change page (approver)');
    await grace.getByLabel('Reason').fill('Backout plan is sound.');
    await grace.getByRole('button', { name: 'Approve' }).click();
    await said(grace, 'Your approval is recorded.');
    await expect
      .poll(() => grace.locator('tr[data-approver="grace"]').getAttribute('data-state'), eventually)
      .toBe('approved');
    expect(await grace.getByRole('form', { name: 'Your vote' }).count()).toBe(0);

    for (const approver of ['heidi', 'dave']) {
      const page = await harness.signIn(approver);
      await page.goto(`/changes/${number}`);
      await page.getByRole('form', { name: 'Your vote' }).waitFor({ timeout: 30_000 });
      await page.getByLabel('Reason').fill(`${approver}: the window is fine.`);
      await page.getByRole('button', { name: 'Approve' }).click();
      await said(page, 'Your approval is recorded.');
    }

    // The workflow decides: the page shows `scheduled` without a reload (it looks again while authorising).
    const manager = await harness.signIn('dave', { bypassCSP: true });
    await manager.goto(`/changes/${number}`);
    await expect.poll(() => status(manager).textContent(), { timeout: 60_000, interval: 250 }).toBe('Scheduled');
    await harness.screenshot(manager, 'change-scheduled');

    await manager.getByRole('link', { name: 'Change calendar' }).click();
    await manager.getByRole('heading', { name: 'Change calendar', level: 1 }).waitFor();
    await manager.goto(`/calendar?view=week&date=${parisDay(change.plannedStart)}`);
    const entry = manager.locator(`li.calendar-change[data-number="${number}"]`).first();
    await entry.waitFor({ timeout: 30_000 });
    expect(await entry.textContent()).toContain('Scheduled');
    await expectAccessible(manager, 'change calendar');
    await harness.screenshot(manager, 'change-calendar');

    // Subscribe: a secret feed URL, readable without a token, revoked again.
    await manager.getByRole('button', { name: 'Create a feed URL' }).click();
    await said(manager, 'Your feed URL is ready.');
    const url = await manager.getByLabel('Your feed URL').inputValue();
    const feed = await fetch(url);
    expect(feed.status).toBe(200);
    expect(await feed.text()).toContain(number);
    await manager.getByRole('button', { name: 'Revoke the feed URL' }).click();
    await said(manager, 'The feed URL is revoked');
    expect((await fetch(url)).status).toBe(404);
  });

  it('erin adds a blackout window; an emergency change inside it is refused until dave gives an override reason', async () => {
    const admin = await harness.signIn('erin', { bypassCSP: true });
    await admin.getByRole('link', { name: 'Blackout windows' }).click();
    await admin.getByRole('heading', { name: 'Blackout windows', level: 1 }).waitFor();
    const freezeStart = at(20, 0);
    const freezeEnd = new Date(+freezeStart + 3 * day);
    const add = admin.getByRole('form', { name: 'Add a blackout window' });
    await add.getByLabel('Name').fill('Quarter-end freeze');
    await add.getByLabel('Reason').fill('Finance closes the quarter');
    await add.getByLabel('Starts').fill(parisInput(freezeStart));
    await add.getByLabel('Ends').fill(parisInput(freezeEnd));
    await add.getByLabel('Recurrence').fill('BYDAY=MO');
    await add.getByRole('button', { name: 'Add blackout window' }).click();
    await said(admin, 'A rule needs FREQ');
    // The API validates the rule for real (ical.js): its message names the field.
    await add.getByLabel('Recurrence').fill('FREQ=SOMETIMES');
    await add.getByRole('button', { name: 'Add blackout window' }).click();
    await expect.poll(() => add.getByLabel('Recurrence').getAttribute('aria-invalid'), eventually).toBe('true');
    await add.getByLabel('Recurrence').fill('');
    await add.getByRole('button', { name: 'Add blackout window' }).click();
    await said(admin, 'Blackout window “Quarter-end freeze” created.');
    await admin.locator('tr[data-blackout="Quarter-end freeze"]').waitFor();
    await expectAccessible(admin, 'admin blackout windows');
    await harness.screenshot(admin, 'admin-blackouts');

    // Dave raises an emergency change planned inside the freeze.
    const manager = await harness.signIn('dave', { bypassCSP: true });
    await manager.goto('/changes/new');
    await manager.getByLabel('Emergency', { exact: false }).check();
    await manager.getByLabel('Title').fill('Replace the failed core switch');
    await manager.getByLabel('Description').fill('Core switch 2 died; the network runs without redundancy.');
    await manager.getByLabel('Implementation plan').fill('Swap the switch, restore its configuration.');
    await manager.getByLabel('Backout plan').fill('Leave the network on switch 1.');
    await manager.getByLabel('Test plan').fill('Fail over to switch 2 and back.');
    const start = new Date(+freezeStart + day);
    await manager.getByLabel('Planned start').fill(parisInput(start));
    await manager.getByLabel('Planned end').fill(parisInput(new Date(+start + 2 * 3600_000)));
    await manager.getByRole('button', { name: 'Raise change' }).click();
    await manager.getByRole('heading', { level: 1, name: /CHG\d+/ }).waitFor();
    await manager.getByRole('button', { name: 'Submit for assessment' }).click();
    await expect.poll(() => status(manager).textContent(), eventually).toBe('Assess');
    await manager.getByRole('button', { name: 'Send to authorisation' }).click();
    await said(manager, 'blackout window');
    await expect
      .poll(() => manager.getByTestId('blackout-conflicts').textContent(), eventually)
      .toContain('Quarter-end freeze');
    expect(await status(manager).textContent()).toBe('Assess');
    await expectAccessible(manager, 'change page (blackout conflict)');

    // An empty reason is not an override.
    await manager.getByRole('button', { name: 'Override the blackout and retry' }).click();
    expect(await manager.getByLabel('Override reason').getAttribute('aria-invalid')).toBe('true');
    await manager.getByLabel('Override reason').fill('The network has no redundancy until the switch is replaced.');
    await manager.getByRole('button', { name: 'Override the blackout and retry' }).click();
    await expect.poll(() => status(manager).textContent(), eventually).toBe('Authorize');
    await expect
      .poll(() => manager.getByTestId('blackout-override').textContent(), eventually)
      .toContain('The network has no redundancy');
    await harness.screenshot(manager, 'change-blackout-override');
  });

  it('the change form offers only the change-managers group as change managers', async () => {
    const agent = await harness.signIn('erin', { bypassCSP: true });
    await agent.goto('/changes/new');
    await agent.getByRole('heading', { name: 'New change', level: 1 }).waitFor();
    const select = agent.getByLabel('Change manager', { exact: true });
    await expect.poll(() => select.getAttribute('data-count'), eventually).toBe('2');
    const offered = await select.locator('option').allTextContents();
    expect(offered).toEqual(['Choose…', 'dave', 'heidi']);
    await select.selectOption({ label: 'heidi' });
    expect(await select.inputValue()).toMatch(/-000000004e1d$/);
  });
});
