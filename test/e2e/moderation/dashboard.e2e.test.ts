import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../support/browser.ts';
import { type Admin, adminApi, signInDashboard } from '../../support/dashboard.ts';
import { type ServerProcess, startServerProcess } from '../../support/server-process.ts';

/**
 * The editors' dashboard in real Chromium against the real Node server: sign in, keyboard
 * moderation, banning, the audit log, roles, settings errors, and a phone-width layout.
 */

const OWNER = { email: 'owner@example.com', password: 'owner-password-123' };
const MODERATOR = { email: 'moderator@example.com', password: 'moderator-password-123' };
const PAGE = '/articles/harbour-wind-farm-approved';
const SHOTS = '/tmp';

let server: ServerProcess;
let browser: Browser;
let owner: Admin;



/** Posts a comment through the public API, as the widget on the demo article does. */
async function postComment(fields: Record<string, unknown>): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}/api/v1/sites/demo/comments`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: server.url },
    body: JSON.stringify({ page: PAGE, ...fields }),
  });
  return { status: res.status, body: await res.json() };
}

async function publicIds(): Promise<string[]> {
  const res = await fetch(`${server.url}/api/v1/sites/demo/comments?page=${encodeURIComponent(PAGE)}`);
  const body = (await res.json()) as { comments: { id: string; replies?: { id: string }[] }[] };
  return body.comments.flatMap((c) => [c.id, ...(c.replies ?? []).map((r) => r.id)]);
}

async function openDashboard(viewport = { width: 1280, height: 900 }): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  // The queue, which was the first page before the Overview took its place.
  await page.goto(`${server.url}/admin#/queue/pending`);
  return { context, page, errors };
}

const signIn = signInDashboard;

const liveStatus = (page: Page) => page.getByTestId('live-status');

beforeAll(async () => {
  // The tests seed comments through the public API as a trusted script would, so the spam layers
  // are off (they have their own browser test in comments.e2e).
  server = await startServerProcess({ PARLEY_ADMIN_EMAIL: OWNER.email, PARLEY_ADMIN_PASSWORD: OWNER.password, SPAM_DEFENCES: 'off' });
  browser = await launchBrowser();
  owner = await adminApi(server.url, OWNER);
  // Every new comment on the demo site now waits in Pending.
  const patched = await owner.request('PATCH', '/sites/demo', { moderationMode: 'pre' });
  expect(patched.status).toBe(200);
  expect(patched.body.site.moderationMode).toBe('pre');
  const added = await owner.request('POST', '/editors', { email: MODERATOR.email, name: 'Mo Derator', role: 'moderator', password: MODERATOR.password });
  expect(added.status).toBe(201);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('dashboard', () => {
  it('approves a held comment from the keyboard, bans its author and shows both in the audit log', async () => {
    const posted = await postComment({ authorName: 'Greta Holm', authorEmail: 'greta@example.com', body: 'The exclusion zone is a **fair** compromise for the crews.' });
    expect(posted.status).toBe(201);
    const id: string = posted.body.comment.id;
    expect(await publicIds()).not.toContain(id);

    const { context, page, errors } = await openDashboard();
    await expect.poll(() => page.title()).toContain('Sign in');
    await signIn(page, OWNER);

    // Pending lists it with why it is held, and the badge and title count it.
    const item = page.locator(`[data-comment-id="${id}"]`);
    await item.waitFor();
    await expect(item.textContent()).resolves.toContain('Pre-moderation');
    await expect(item.locator('.item-body strong').textContent()).resolves.toBe('fair');
    await expect.poll(() => page.title()).toBe('(1) Parley moderation');
    await expect.poll(() => page.getByTestId('count-pending').textContent()).toContain('1');
    await page.screenshot({ path: `${SHOTS}/parley-dashboard-desktop.png`, fullPage: true });

    // j selects (and focuses) the newest comment; a approves it and it leaves the queue.
    await page.keyboard.press('j');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-comment-id'))).toBe(id);
    await expect(item.getAttribute('class')).resolves.toContain('is-selected');
    await page.keyboard.press('a');
    await item.waitFor({ state: 'detached' });
    await expect.poll(() => liveStatus(page).textContent()).toBe('Approved the comment by Greta Holm.');
    await expect.poll(() => page.title()).toBe('Parley moderation');
    expect(await publicIds()).toContain(id);

    // A reader of the demo article now sees it in the widget.
    const article = await context.newPage();
    await article.goto(`${server.url}${PAGE}`);
    await article.locator('[data-parley-comments]').scrollIntoViewIfNeeded();
    await article.locator(`#comment-${id}`, { hasText: 'compromise for the crews' }).waitFor();

    // In All, ban the author by email (and reject the comment): the status chip updates in place.
    await page.getByRole('navigation', { name: 'Queues' }).getByRole('link', { name: /^All/ }).click();
    await item.waitFor();
    await item.getByRole('button', { name: 'Ban author…' }).click();
    const banForm = item.getByRole('form', { name: 'Ban Greta Holm' });
    await expect(banForm.getByRole('radio', { name: /Email address/ }).isChecked()).resolves.toBe(true);
    await banForm.getByLabel('Reason').fill('Repeated abuse');
    await banForm.getByRole('button', { name: 'Ban author' }).click();
    await expect.poll(() => item.locator('.chip-rejected').count()).toBe(1);
    expect(await publicIds()).not.toContain(id);

    // Banned: the widget refuses her next comment, saying nothing about the ban's kind.
    await article.reload();
    await article.locator('[data-parley-comments]').scrollIntoViewIfNeeded();
    await article.getByLabel('Comment', { exact: true }).fill('Trying again.');
    await article.getByLabel('Name', { exact: true }).fill('Greta H.');
    await article.getByLabel('Email (optional)').fill('greta@example.com');
    await article.getByRole('button', { name: 'Post comment' }).click();
    await article.getByRole('alert').filter({ hasText: 'You cannot comment on this site.' }).waitFor();
    const again = await postComment({ authorName: 'Greta H.', authorEmail: 'greta@example.com', body: 'Trying again.' });
    expect(again.status).toBe(403);
    expect(again.body.error.code).toBe('banned');
    await article.close();

    // The audit log lists the approval, the ban and the rejection, by this owner.
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    const table = page.locator('table.audit');
    await table.waitFor();
    const text = (await table.textContent()) ?? '';
    expect(text).toContain('Approved');
    expect(text).toContain('Banned an author');
    expect(text).toContain('Rejected');
    expect(text).toContain('Repeated abuse');
    expect(text).toContain(OWNER.email);

    // Filtering by the comment keeps only its entries.
    await page.getByLabel('Comment id').fill(id);
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#/audit?comment=${id}`);
    await expect.poll(() => table.locator('tbody tr').count()).toBe(3);

    // The Bans page lists the ban; lifting it lets the author comment again.
    await page.getByRole('link', { name: 'Bans' }).click();
    const row = page.locator('tbody tr', { hasText: 'greta@example.com' });
    await row.waitFor();
    await row.getByRole('button', { name: /Lift/ }).click();
    await row.waitFor({ state: 'detached' });
    expect((await postComment({ authorName: 'Greta', authorEmail: 'greta@example.com', body: 'Back again.' })).status).toBe(201);

    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('keeps shortcuts out of text fields, shows the help dialog, and applies bulk actions', async () => {
    const ids: string[] = [];
    for (const name of ['Ada', 'Ben', 'Cleo']) {
      const res = await postComment({ authorName: name, authorEmail: `${name.toLowerCase()}@example.com`, body: `Comment from ${name}.` });
      expect(res.status).toBe(201);
      ids.push(res.body.comment.id);
    }
    const { context, page, errors } = await openDashboard();
    await signIn(page, OWNER);
    for (const id of ids) await page.locator(`[data-comment-id="${id}"]`).waitFor();

    // j then r rejects the newest (Cleo's); typing "a" in a reject reason then approves nothing.
    await page.keyboard.press('j');
    await page.keyboard.press('r');
    await page.locator(`[data-comment-id="${ids[2]}"]`).waitFor({ state: 'detached' });
    await expect.poll(() => liveStatus(page).textContent()).toBe('Rejected the comment by Cleo.');
    const first = page.locator('.queue > li').first().locator('article');
    await first.getByRole('button', { name: /^Reject/ }).click();
    await first.getByLabel(/Reason for rejecting/).fill('aaa');
    await expect(first.getByLabel(/Reason for rejecting/).inputValue()).resolves.toBe('aaa');
    await first.getByRole('button', { name: 'Cancel' }).click();

    // ? opens the list of shortcuts; Esc closes it.
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    // Select every remaining pending comment with x and approve them in one go.
    const remaining = await page.locator('.queue article').count();
    const bulk = page.getByRole('region', { name: 'Bulk actions' });
    await page.keyboard.press('k');
    for (let i = 0; i < remaining; i++) {
      await page.keyboard.press('x');
      // Each selection shows in the bulk bar before the cursor moves on: keys pressed faster than
      // a loaded machine renders the page would otherwise race it.
      await bulk.getByRole('button', { name: `Approve ${i + 1}` }).waitFor();
      await page.keyboard.press('j');
    }
    await bulk.getByRole('button', { name: `Approve ${remaining}` }).click();
    await expect.poll(() => liveStatus(page).textContent()).toBe(`Approved ${remaining} ${remaining === 1 ? 'comment' : 'comments'}.`);
    await page.locator('.empty').waitFor();
    await expect.poll(() => page.getByTestId('count-pending').textContent()).toContain('0');
    expect(await publicIds()).toEqual(expect.arrayContaining(ids.slice(0, 2)));
    expect(await publicIds()).not.toContain(ids[2]);

    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('shows server field errors in settings and saves a valid change', async () => {
    const { context, page } = await openDashboard();
    await signIn(page, OWNER);
    await page.getByRole('link', { name: 'Settings' }).click();
    const origins = page.getByLabel('Allowed origins', { exact: true });
    await origins.fill(`${server.url}\nnot a url`);
    await page.getByRole('button', { name: 'Save settings' }).click();
    const error = page.locator('#allowedOrigins-error');
    await error.waitFor();
    await expect(error.textContent()).resolves.toContain('scheme://host');
    await expect(origins.getAttribute('aria-invalid')).resolves.toBe('true');

    await origins.fill(server.url);
    await page.getByLabel('Flag threshold').fill('5');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => liveStatus(page).textContent()).toBe('Settings saved.');
    const site = await owner.request('GET', '/sites/demo');
    expect(site.body.site.flagThreshold).toBe(5);
    expect(site.body.site.moderationMode).toBe('pre');
    await context.close();
  }, 60_000);

  it('lets an owner tune the spam defences, and saves nothing invalid', async () => {
    const { context, page, errors } = await openDashboard();
    await signIn(page, OWNER);
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Spam defences' }).waitFor();
    const save = page.getByRole('button', { name: 'Save settings' });
    const minFill = page.getByLabel('Minimum fill time (seconds)');
    const commentLimit = page.getByLabel('Comments: how many', { exact: true });
    const commentWindow = page.getByLabel('Comments: per how many', { exact: true });
    const commentUnit = page.getByLabel('Comments: unit', { exact: true });
    const holdScore = page.getByLabel('Hold score');
    await expect(page.getByLabel('Check submissions for spam').isChecked()).resolves.toBe(true);
    await expect(minFill.inputValue()).resolves.toBe('3');
    await expect(commentLimit.inputValue()).resolves.toBe('5');
    await expect(commentWindow.inputValue()).resolves.toBe('1');
    await expect(commentUnit.inputValue()).resolves.toBe('minutes');
    await expect(page.getByLabel('Comments, longer term: how many', { exact: true }).inputValue()).resolves.toBe('30');
    await expect(page.getByLabel('Comments, longer term: unit', { exact: true }).inputValue()).resolves.toBe('hours');
    await expect(page.locator('#spam-powDifficulty-help').textContent()).resolves.toContain('0.5–0.75 s at 50,000');

    // A change the server refuses lands on its own input: the request is altered on its way to
    // the real server, since the page checks every range itself first.
    await commentLimit.fill('7');
    await page.route('**/api/v1/admin/sites/demo', async (route) => {
      if (route.request().method() !== 'PATCH') return route.continue();
      const body = route.request().postDataJSON();
      body.spam.rateLimits.comment.limit = 0;
      return route.continue({ postData: JSON.stringify(body) });
    });
    await save.click();
    const serverError = page.locator('#spam-rateLimits-comment-limit-error');
    await serverError.waitFor();
    await expect(commentLimit.getAttribute('aria-invalid')).resolves.toBe('true');
    await page.getByRole('alert').getByRole('link', { name: 'Comments rate limit' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('spam-rateLimits-comment-limit');
    await page.unroute('**/api/v1/admin/sites/demo');

    // Minimum fill time 6 s, comments 8 every 2 minutes: saved, and still there after a reload.
    await minFill.fill('6');
    await commentLimit.fill('8');
    await commentWindow.fill('2');
    await page.getByText('Unsaved changes').waitFor();
    await save.click();
    await expect.poll(() => liveStatus(page).textContent()).toBe('Settings saved.');
    await expect(serverError.count()).resolves.toBe(0);
    await expect(page.getByText('Unsaved changes').count()).resolves.toBe(0);
    let site = await owner.request('GET', '/sites/demo');
    expect(site.body.site.spam).toMatchObject({ enabled: true, failAction: 'refuse', minFillSeconds: 6, powDifficulty: 50_000, holdScore: 4, spamScore: 10 });
    expect(site.body.site.spam.rateLimits.comment).toEqual({ limit: 8, windowSeconds: 120 });
    expect(site.body.site.spam.rateLimits.commentHourly).toEqual({ limit: 30, windowSeconds: 3600 });
    expect(site.body.site.moderationMode).toBe('pre');
    await page.reload();
    await page.getByRole('heading', { name: 'Spam defences' }).waitFor();
    await expect.poll(() => minFill.inputValue()).toBe('6');
    await expect(commentLimit.inputValue()).resolves.toBe('8');
    await expect(commentWindow.inputValue()).resolves.toBe('2');
    await expect(commentUnit.inputValue()).resolves.toBe('minutes');

    // A hold score at the spam score, and a minimum fill time past 600 s: field errors, nothing sent.
    let patches = 0;
    page.on('request', (req) => {
      if (req.method() === 'PATCH') patches++;
    });
    await holdScore.fill('10');
    await minFill.fill('9999');
    await save.click();
    const spamScoreError = page.locator('#spam-spamScore-error');
    await spamScoreError.waitFor();
    await expect(spamScoreError.textContent()).resolves.toBe('The spam score must be higher than the hold score (10).');
    await expect(page.locator('#spam-minFillSeconds-error').textContent()).resolves.toBe('The minimum fill time must be between 0 and 600.');
    await expect(minFill.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.getByLabel('Spam score').getAttribute('aria-invalid')).resolves.toBe('true');
    await page.getByRole('alert').getByRole('link', { name: 'Minimum fill time' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('spam-minFillSeconds');
    expect(patches).toBe(0);
    site = await owner.request('GET', '/sites/demo');
    expect(site.body.site.spam).toMatchObject({ minFillSeconds: 6, holdScore: 4, spamScore: 10 });

    // Discarding puts the saved values back.
    await page.getByRole('button', { name: 'Discard changes' }).click();
    await expect(minFill.inputValue()).resolves.toBe('6');
    await expect(holdScore.inputValue()).resolves.toBe('4');
    await expect(page.locator('#spam-spamScore-error').count()).resolves.toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('gives a moderator no Editors page and read-only settings', async () => {
    const { context, page } = await openDashboard();
    const alert = page.getByRole('alert').first();
    await page.getByLabel('Email').fill(MODERATOR.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => alert.textContent()).toContain('Email or password is incorrect.');

    // Guessing is throttled, and the page says for how long.
    await page.getByLabel('Email').fill('nobody@example.com');
    for (let attempt = 1; attempt <= 6; attempt++) {
      await page.getByLabel('Password').fill(`guess-number-${attempt}`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
    }
    await expect.poll(() => alert.textContent()).toMatch(/Too many failed sign-ins\. Try again in \d+ seconds\./);

    await signIn(page, MODERATOR);
    const nav = page.getByRole('navigation', { name: 'Dashboard' });
    await expect(nav.getByRole('link', { name: 'Audit log' }).count()).resolves.toBe(1);
    await expect(nav.getByRole('link', { name: 'Editors' }).count()).resolves.toBe(0);
    await page.goto(`${server.url}/admin#/editors`);
    await page.getByRole('heading', { name: 'Owners only' }).waitFor();
    // Mail to readers and their addresses are owners' business: no link, and no page by URL.
    for (const name of ['Newsletter', 'Subscribers', 'Mailbox']) await expect(nav.getByRole('link', { name }).count()).resolves.toBe(0);
    for (const section of ['mailbox', 'subscribers', 'newsletter']) {
      await page.goto(`${server.url}/admin#/${section}`);
      await page.getByRole('heading', { name: 'Owners only' }).waitFor();
    }

    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByText('Only owners can change these settings').waitFor();
    await expect(page.getByLabel('Flag threshold').isDisabled()).resolves.toBe(true);
    await expect(page.getByLabel('Minimum fill time (seconds)').isDisabled()).resolves.toBe(true);
    await expect(page.getByLabel('Comments: how many', { exact: true }).isDisabled()).resolves.toBe(true);
    await expect(page.getByRole('radio', { name: /Hold it in Pending/ }).isDisabled()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: 'Save settings' }).count()).resolves.toBe(0);

    // Signing out returns to the sign-in page, and a reload stays signed out.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to moderate' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in to moderate' }).waitFor();
    await context.close();
  }, 60_000);

  it('lets an editor change their own password from the Account page', async () => {
    const who = { email: 'night-desk@example.com', password: 'night-desk-password-1' };
    expect((await owner.request('POST', '/editors', { email: who.email, role: 'moderator', password: who.password })).status).toBe(201);
    const { context, page, errors } = await openDashboard();
    await signIn(page, who);
    await page.getByRole('link', { name: 'Account' }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await page.getByLabel('Current password').fill('not my password');
    await page.getByLabel('New password (at least 12 characters)').fill('a better passphrase');
    await page.getByLabel('New password again').fill('a better passphrase');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Your current password is not right.').first().waitFor();
    await page.getByLabel('Current password').fill(who.password);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.locator('.alert-info', { hasText: 'Your password was changed' }).waitFor();
    // Still signed in here (a write works with the new session's CSRF token), and the new password is the one that works.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await signIn(page, { email: who.email, password: 'a better passphrase' });
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('fits a 375 px phone: no sideways scrolling, actions wrap', async () => {
    const top = await postComment({ authorName: 'Someone with a rather long display name', authorEmail: 'a.really.long.address.for.testing@subdomain.example-newspaper.com', body: `A long link: https://example.com/${'very-long-segment/'.repeat(8)}` });
    expect(top.status).toBe(201);
    const approvedParent = (await publicIds())[0]!;
    const reply = await postComment({ parentId: approvedParent, authorName: 'Priya', authorEmail: 'priya@example.com', body: 'A reply that shows its parent for context.' });
    expect(reply.status).toBe(201);

    const { context, page, errors } = await openDashboard({ width: 375, height: 812 });
    await signIn(page, OWNER);
    await page.locator(`[data-comment-id="${reply.body.comment.id}"] .parent`).waitFor();
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, view: window.innerWidth }));
    expect(widths.scroll).toBeLessThanOrEqual(widths.view);
    // Every action button sits inside the viewport.
    const outside = await page.evaluate(() =>
      [...document.querySelectorAll('.actions .button')].filter((b) => {
        const r = b.getBoundingClientRect();
        return r.left < 0 || r.right > window.innerWidth;
      }).length,
    );
    expect(outside).toBe(0);
    await page.screenshot({ path: `${SHOTS}/parley-dashboard-375.png`, fullPage: true });
    for (const section of ['settings', 'bans', 'editors', 'audit']) {
      await page.evaluate((s) => (location.hash = `#/${s}`), section);
      await page.locator('#main h1').waitFor();
      await page.waitForTimeout(150);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    }
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});
