import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserTestTimeout, type ConsoleHarness, eventually, startConsoleHarness } from './support';

let harness: ConsoleHarness;
beforeAll(async () => {
  harness = await startConsoleHarness();
});
afterAll(() => harness?.stop());

/** Alice raises a printer incident (the demo routing rules send printers to end-user-computing, bob's group). */
async function raise(title: string): Promise<string> {
  const res = await harness.api.call('alice', 'POST', '/incidents', {
    body: { title, description: 'Jams on every page', impact: 2, urgency: 2, category: 'hardware.printer' },
  });
  expect(res.status).toBe(201);
  expect(res.body.assignmentGroup).toBe('end-user-computing');
  return res.body.number as string;
}

/** Run in the page: whether the element has the focus. */
const isFocused = (el: { ownerDocument: { activeElement: unknown } }) => el.ownerDocument.activeElement === el;

const fact = (page: Page, name: string) =>
  page
    .locator('.facts div')
    .filter({ has: page.getByText(name, { exact: true }) })
    .locator('dd');

describe('the agent workspace in a real browser', { timeout: browserTestTimeout }, () => {
  it('agent finds the ticket in the queue, assigns, comments, resolves; the requester reopens, then closes it', async () => {
    const number = await raise('Printer in room 204 jams');
    const agent = await harness.signIn('bob');
    await agent.getByRole('heading', { name: 'Queues' }).waitFor();
    await agent
      .getByRole('navigation', { name: 'My groups' })
      .getByRole('link', { name: 'End-User Computing' })
      .click();
    await agent.getByRole('heading', { name: 'End-User Computing' }).waitFor();
    const row = agent.locator(`table.tickets tr[data-number="${number}"]`);
    await row.waitFor();
    await harness.screenshot(agent, 'agent-queue');
    await row.getByRole('link', { name: number }).click();

    // Assign with the people picker: only members of end-user-computing are offered.
    await agent.getByLabel('Find a member of the group').fill('bob');
    await expect
      .poll(() => agent.getByLabel('Assignee').locator('option').allTextContents(), eventually)
      .toContain('Bob Baker (bob)');
    await agent.getByLabel('Find a member of the group').fill('carol');
    await expect
      .poll(() => agent.getByLabel('Assignee').locator('option').allTextContents(), eventually)
      .toEqual(['Unassigned']);
    await agent.getByLabel('Find a member of the group').fill('bob');
    await expect
      .poll(() => agent.getByLabel('Assignee').locator('option').allTextContents(), eventually)
      .toContain('Bob Baker (bob)');
    await agent.getByLabel('Assignee').selectOption({ label: 'Bob Baker (bob)' });
    await agent.getByRole('button', { name: 'Assign', exact: true }).click();
    await expect.poll(() => fact(agent, 'Assignee').textContent(), eventually).toBe('Bob Baker');

    // An internal note (distinct) and a public comment.
    await agent.getByLabel('Comment or internal note').fill('Toner seal was left on; checking the fuser too.');
    await agent.getByLabel('Internal note (agents only)').check();
    await agent.getByRole('button', { name: 'Send' }).click();
    await agent.locator('.entry-internal').getByText('Toner seal was left on').waitFor();
    await agent.getByLabel('Comment or internal note').fill('On my way to room 204.');
    await agent.getByRole('button', { name: 'Send' }).click();
    await agent.locator('.entry-comment').getByText('On my way to room 204.').waitFor();

    // Status moves offer only the allowed transitions; resolving asks for a code and notes.
    const moves = await agent.getByLabel('Move to').locator('option').allTextContents();
    expect(moves).toEqual(['Choose…', 'In progress', 'On hold', 'Resolved']);
    await agent.getByLabel('Move to').selectOption('resolved');
    await agent.getByRole('button', { name: 'Apply' }).click();
    expect(await agent.getByLabel('Resolution code').getAttribute('aria-invalid')).toBe('true');
    await agent.getByLabel('Resolution code').selectOption('solved_permanently');
    await agent.getByLabel('Resolution notes').fill('Removed the toner seal and cleaned the fuser.');
    await harness.screenshot(agent, 'agent-ticket-resolving');
    await agent.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => fact(agent, 'Status').textContent(), eventually).toBe('Resolved');
    await agent.getByText('Status: New → Resolved').waitFor();
    await harness.screenshot(agent, 'agent-ticket');

    // The requester sees the resolution (and not the internal note), then reopens.
    const requester = await harness.signIn('alice');
    await requester.goto(`/portal/tickets/${number}`);
    await requester.getByText('Removed the toner seal and cleaned the fuser.').first().waitFor();
    await requester.locator('.entry-comment').getByText('On my way to room 204.').waitFor();
    expect(await requester.content()).not.toContain('Toner seal was left on');
    await harness.screenshot(requester, 'portal-resolved');
    await requester.getByRole('button', { name: 'Reopen ticket' }).click();
    await expect.poll(() => fact(requester, 'Status').textContent(), eventually).toBe('In progress');

    // The agent resolves it again; this time the requester confirms and closes it.
    await agent.reload();
    await agent.getByLabel('Move to').selectOption('resolved');
    await agent.getByLabel('Resolution code').selectOption('solved_permanently');
    await agent.getByLabel('Resolution notes').fill('Replaced the fuser unit.');
    await agent.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => fact(agent, 'Status').textContent(), eventually).toBe('Resolved');
    await requester.reload();
    await requester.getByText('Replaced the fuser unit.').first().waitFor();
    await requester.getByRole('button', { name: 'Close ticket' }).click();
    await expect.poll(() => fact(requester, 'Status').textContent(), eventually).toBe('Closed');
    await expect.poll(() => requester.getByRole('button', { name: 'Reopen ticket' }).count(), eventually).toBe(0);
  });

  it('a 412 between two agents shows what changed and lets the second re-apply their change', async () => {
    const number = await raise('Label printer offline');
    const first = await harness.signIn('bob');
    const second = await harness.signIn('bob');
    await first.goto(`/agent/tickets/${number}`);
    await second.goto(`/agent/tickets/${number}`);
    await second.getByLabel('Move to').waitFor();

    await first.getByLabel('Move to').selectOption('in_progress');
    await first.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => fact(first, 'Status').textContent(), eventually).toBe('In progress');

    // The second page still holds the old version: its change is refused, explained, not lost.
    await second.getByRole('button', { name: 'Assign to me' }).click();
    const conflict = second.getByRole('alert').filter({ hasText: 'Someone else changed this ticket meanwhile' });
    await conflict.waitFor();
    expect(await conflict.textContent()).toMatch(/Status: new → in progress/);
    expect(await conflict.textContent()).toContain('Your change: Assignee = Bob Baker');
    expect(await fact(second, 'Status').textContent()).toBe('In progress');
    await harness.screenshot(second, 'agent-conflict');
    await conflict.getByRole('button', { name: 'Apply my change again' }).click();
    await expect.poll(() => fact(second, 'Assignee').textContent(), eventually).toBe('Bob Baker');
    expect(await second.getByText('Someone else changed this ticket meanwhile').count()).toBe(0);
    const stored = await harness.api.call('bob', 'GET', `/incidents/${number}`);
    expect(stored.body).toMatchObject({ status: 'in_progress', assigneeName: 'Bob Baker' });
  });

  it("a requester cannot see another requester's ticket: a not-found page with none of its data", async () => {
    const number = await raise('Secret printer of the finance team');
    const other = await harness.signIn('frank');
    await other.goto(`/portal/tickets/${number}`);
    await other.getByRole('heading', { name: 'Not found' }).waitFor();
    expect(await other.content()).not.toContain('Secret printer');
    await harness.screenshot(other, 'portal-not-found');
  });
});

/** A request the browser waits on until `open()` (playwright route interception): to order what a page receives. */
function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

/** The queues page's load of my groups (the API's `GET /groups?member=me`); its CORS pre-flight is not it. */
const myGroups = (url: URL) => url.pathname.endsWith('/groups') && url.searchParams.get('member') === 'me';
const isMyGroups = (request: Request) => request.method() === 'GET' && myGroups(new URL(request.url()));
const path = (page: Page) => new URL(page.url()).pathname;

describe('the queues page and its default group', { timeout: browserTestTimeout }, () => {
  it('a click elsewhere while my groups load stays where it went: the default group does not take it back', async () => {
    const agent = await harness.signIn('bob');
    await agent.getByRole('heading', { name: 'Queues' }).waitFor();
    // Hold my groups, and the code of the "Assigned to me" page: react-router keeps the queues page on screen while
    // the next page's code loads (navigations are transitions), so the groups arrive while it is still there.
    const groups = gate();
    const code = gate();
    await agent.route(myGroups, async (route) => {
      if (route.request().method() === 'GET') await groups.opened;
      await route.continue();
    });
    await agent.route(/\/assets\/assigned-[^/]+\.js$/, async (route) => {
      await code.opened;
      await route.continue();
    });
    const groupsAsked = agent.waitForRequest(isMyGroups);
    await agent.goto('/agent/queues'); // a fresh page: no page code loaded yet
    await groupsAsked;
    await agent.getByRole('heading', { name: 'Queues', level: 1 }).waitFor();

    const codeAsked = agent.waitForRequest(/\/assets\/assigned-[^/]+\.js$/);
    await agent.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Assigned to me' }).click();
    await codeAsked;
    expect(path(agent)).toBe('/agent/assigned');

    // The groups arrive while the queues page is still shown: it shows the first group's queue, and would once have
    // redirected to it, replacing the address the click went to.
    const queueAsked = agent.waitForRequest((request) => new URL(request.url()).pathname.includes('/queues/'));
    groups.open();
    await agent.getByRole('navigation', { name: 'My groups' }).waitFor();
    await queueAsked; // the page's effects (redirect included) have run
    expect(path(agent)).toBe('/agent/assigned');

    code.open();
    await agent.getByRole('heading', { name: 'Assigned to me', level: 1 }).waitFor();
    expect(path(agent)).toBe('/agent/assigned');
  });

  it('an address naming a group opens that group (tabs by name); the bare address goes to the first group, replaced', async () => {
    const agent = await harness.signIn('bob');
    await agent.getByRole('heading', { name: 'Queues' }).waitFor();
    const groups = gate();
    await agent.route(myGroups, async (route) => {
      if (route.request().method() === 'GET') await groups.opened;
      await route.continue();
    });
    const groupsAsked = agent.waitForRequest(isMyGroups);
    await agent.goto('/agent/queues/service-desk'); // not bob's first group (his groups come by id)
    await groupsAsked;
    await agent.getByRole('heading', { name: 'Service Desk', level: 2 }).waitFor();
    groups.open();
    const tabs = agent.getByRole('navigation', { name: 'My groups' });
    await tabs.waitFor();
    expect(await tabs.getByRole('link').allTextContents()).toEqual(['End-User Computing', 'Service Desk']);
    expect(await tabs.getByRole('link', { name: 'Service Desk' }).getAttribute('aria-current')).toBe('page');
    expect(path(agent)).toBe('/agent/queues/service-desk');

    // The bare address (the main nav's Queues) completes to the first group in place of itself…
    const nav = agent.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Assigned to me' }).click();
    await agent.getByRole('heading', { name: 'Assigned to me', level: 1 }).waitFor();
    await nav.getByRole('link', { name: 'Queues' }).click();
    await expect.poll(() => path(agent), eventually).toBe('/agent/queues/end-user-computing');
    await agent.getByRole('heading', { name: 'End-User Computing', level: 2 }).waitFor();
    // …another tab is a click away…
    await tabs.getByRole('link', { name: 'Service Desk' }).click();
    await agent.getByRole('heading', { name: 'Service Desk', level: 2 }).waitFor();
    expect(path(agent)).toBe('/agent/queues/service-desk');
    // …and Back goes through the first group to the page before, not to the bare address (which would redirect).
    await agent.goBack();
    await agent.getByRole('heading', { name: 'End-User Computing', level: 2 }).waitFor();
    await agent.goBack();
    await agent.getByRole('heading', { name: 'Assigned to me', level: 1 }).waitFor();
    expect(path(agent)).toBe('/agent/assigned');
  });
});

describe('bulk actions', { timeout: browserTestTimeout }, () => {
  it('assigns the selected queue rows at once and shows each item’s result (207)', async () => {
    const first = await raise('Docking station flickers');
    const second = await raise('Keyboard missing keys');
    const agent = await harness.signIn('bob');
    await agent.goto('/agent/queues/end-user-computing');
    await agent.getByLabel(`Select ${first}`).check();
    await agent.getByLabel(`Select ${second}`).check();
    await agent.getByRole('heading', { name: '2 selected' }).waitFor();
    await agent.getByLabel('Action', { exact: true }).selectOption('assign');
    await agent.getByRole('button', { name: 'Apply to 2' }).click();
    const results = agent.getByRole('list', { name: 'Results' });
    await results.waitFor();
    expect(await results.locator('li').allTextContents()).toEqual(
      expect.arrayContaining([`${first}: done`, `${second}: done`]),
    );
    await harness.screenshot(agent, 'agent-bulk');
    for (const number of [first, second]) {
      expect((await harness.api.call('bob', 'GET', `/incidents/${number}`)).body.assigneeName).toBe('Bob Baker');
    }
  });
});

describe('problems shown as a person expects', { timeout: browserTestTimeout }, () => {
  it('a 422 names the field: assigning someone who left the group highlights Assignee with the reason', async () => {
    const number = await raise('Scanner driver missing');
    const agent = await harness.signIn('bob');
    await agent.goto(`/agent/tickets/${number}`);
    await agent.getByRole('button', { name: 'Assign to me' }).waitFor();
    // Meanwhile an admin takes bob out of end-user-computing.
    const me = await harness.api.call('bob', 'GET', '/me');
    const removed = await harness.api.call('erin', 'DELETE', `/groups/end-user-computing/members/${me.body.id}`);
    expect(removed.status).toBe(204);

    await agent.getByRole('button', { name: 'Assign to me' }).click();
    const alert = agent.getByRole('alert').first();
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/not \(or no longer\) a member of the assignment group/);
    const assignee = agent.getByLabel('Assignee');
    await expect.poll(() => assignee.getAttribute('aria-invalid'), eventually).toBe('true');
    const described = await assignee.getAttribute('aria-describedby');
    expect(await agent.locator(`[id="${described}"]`).textContent()).toBe(
      'This person is not a member of the assignment group end-user-computing',
    );
    await harness.screenshot(agent, 'agent-assign-problem');
  });

  it('works with the keyboard alone: sign in and open a ticket without the mouse', async () => {
    const context = await harness.browser.newContext({ baseURL: harness.consoleUrl });
    const page = await context.newPage();
    try {
      await page.goto('/');
      const alice = page.getByRole('button', { name: /Alice Archer/ });
      await alice.waitFor();
      for (let i = 0; i < 10 && !(await alice.evaluate(isFocused)); i++) {
        await page.keyboard.press('Tab');
      }
      expect(await alice.evaluate(isFocused)).toBe(true);
      await page.keyboard.press('Enter');
      await page.getByText(/Signed in as/).waitFor();
      const raise = page.getByRole('link', { name: 'Raise an incident' }).first();
      for (let i = 0; i < 15 && !(await raise.evaluate(isFocused)); i++) {
        await page.keyboard.press('Tab');
      }
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Raise an incident' }).waitFor();
      // The focused control is visibly outlined.
      await page.keyboard.press('Tab');
      const outline = await page.evaluate('getComputedStyle(document.activeElement).outlineStyle');
      expect(outline).not.toBe('none');
    } finally {
      await context.close();
    }
  });
});

describe('major incidents', { timeout: browserTestTimeout }, () => {
  it('an agent declares a major incident, links a child and posts an update; the child shows the banner', async () => {
    const major = await raise('All printers on floor 2 offline');
    const child = await raise('Cannot print the board pack');
    const agent = await harness.signIn('bob');
    await agent.goto(`/agent/tickets/${major}`);
    await agent.getByRole('button', { name: 'Declare major incident' }).click();
    await agent.getByLabel('Child ticket number').fill(child);
    await agent.getByRole('button', { name: 'Link child' }).click();
    await agent.getByText(`${child} is now a child of ${major}.`).waitFor();
    await agent.getByLabel('Update for every caller').fill('Print server restarted; queues draining.');
    await agent.getByRole('button', { name: 'Post update' }).click();
    await agent.getByText('Update posted to the major incident and every child.').waitFor();
    await harness.screenshot(agent, 'agent-major-incident');

    const requester = await harness.signIn('alice');
    await requester.goto(`/portal/tickets/${child}`);
    await requester
      .getByRole('note')
      .filter({ hasText: `Part of major incident ${major}` })
      .waitFor();
    await requester.locator('.entry-comment').getByText('Print server restarted; queues draining.').waitFor();
  });
});
