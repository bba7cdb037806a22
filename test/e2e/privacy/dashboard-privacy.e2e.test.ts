import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../support/browser.ts';
import { type Admin, adminApi, signInDashboard } from '../../support/dashboard.ts';
import { type ServerProcess, startServerProcess } from '../../support/server-process.ts';

/**
 * A privacy request worked in real Chromium against the real Node server: an owner finds what is
 * stored under an address, downloads it, and erases it (asking for do-not-mail), and the
 * article's thread keeps its shape.
 */

const OWNER = { email: 'owner@example.com', password: 'owner-password-123' };
const MODERATOR = { email: 'moderator@example.com', password: 'moderator-password-123' };
const PAGE = '/articles/harbour-wind-farm-approved';
const ERIN = 'erin@example.com';

let server: ServerProcess;
let browser: Browser;
let owner: Admin;

async function postComment(fields: Record<string, unknown>): Promise<string> {
  const res = await fetch(`${server.url}/api/v1/sites/demo/comments`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: server.url },
    body: JSON.stringify({ page: PAGE, ...fields }),
  });
  const body = (await res.json()) as any;
  if (res.status !== 201) throw new Error(`comment refused: ${JSON.stringify(body)}`);
  return body.comment.id;
}

async function thread(): Promise<any[]> {
  const res = await fetch(`${server.url}/api/v1/sites/demo/comments?page=${encodeURIComponent(PAGE)}`);
  return ((await res.json()) as any).comments;
}

const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name, exact: true });

beforeAll(async () => {
  server = await startServerProcess({ PARLEY_ADMIN_EMAIL: OWNER.email, PARLEY_ADMIN_PASSWORD: OWNER.password, SPAM_DEFENCES: 'off' });
  browser = await launchBrowser();
  owner = await adminApi(server.url, OWNER);
  expect((await owner.request('POST', '/editors', { email: MODERATOR.email, name: 'Mo', role: 'moderator', password: MODERATOR.password })).status).toBe(201);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('dashboard: privacy requests', () => {
  it('finds everything by email, downloads it as JSON, and erases it keeping the thread shape', async () => {
    const root = await postComment({ authorName: 'Erin Vance', authorEmail: ERIN, body: 'The turbines will be visible from the old lighthouse.' });
    const reply = await postComment({ authorName: 'Frank', authorEmail: 'frank@example.com', body: 'Only on a clear day.', parentId: root });
    await postComment({ authorName: 'Erin Vance', authorEmail: ERIN, body: 'Erin again, unanswered.' });
    const signup = await fetch(`${server.url}/api/v1/sites/demo/subscriptions`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: server.url }, body: JSON.stringify({ email: ERIN }) });
    expect(signup.status).toBe(202);

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(String(err)));
    await page.goto(`${server.url}/admin`);
    await signInDashboard(page, OWNER);

    await nav(page, 'Privacy').click();
    await page.getByRole('heading', { name: 'Privacy requests', level: 1 }).waitFor();
    // A typo is caught before anything is asked of the server.
    await page.locator('#privacy-email').fill('erin-at-example');
    await page.getByRole('button', { name: 'Find', exact: true }).click();
    await page.getByText('Enter an email address, like name@example.com.').waitFor();

    await page.locator('#privacy-email').fill(' Erin@Example.com ');
    await page.getByRole('button', { name: 'Find', exact: true }).click();
    const results = page.getByTestId('privacy-results');
    await results.getByRole('heading', { name: `Stored about ${ERIN}` }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('privacy-results-title');
    const summary = results.getByTestId('privacy-summary');
    await expect(summary.textContent()).resolves.toContain('2 comments (1 with replies');
    await expect(summary.textContent()).resolves.toContain('1 subscriber record');
    await expect(results.locator(`tr[data-comment-id="${root}"]`).textContent()).resolves.toContain('visible from the old lighthouse');
    await expect(results.textContent()).resolves.not.toContain('Only on a clear day');
    await page.screenshot({ path: '/tmp/parley-dashboard-privacy.png', fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), results.getByRole('button', { name: 'Download as JSON' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^parley-personal-data-\d{4}-\d\d-\d\d\.json$/);
    const file = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(file).toMatchObject({ format: 'parley-personal-data', version: 1, email: ERIN });
    expect(file.comments.map((c: any) => c.body)).toContain('Erin again, unanswered.');

    // Erasing asks first; the do-not-mail box is the operator's explicit choice.
    await results.getByLabel('The person asked not to be emailed again').check();
    await results.getByRole('button', { name: 'Erase everything…' }).click();
    await results.getByText(`Erase everything stored about ${ERIN} on every site?`).waitFor();
    await results.getByRole('button', { name: 'Cancel' }).click();
    expect((await thread()).find((c) => c.id === root).authorName).toBe('Erin Vance');
    await results.getByRole('button', { name: 'Erase everything…' }).click();
    await results.getByRole('button', { name: 'Erase permanently' }).click();
    const done = page.getByTestId('privacy-done');
    await done.waitFor();
    await expect(done.textContent()).resolves.toBe(
      `Erased ${ERIN}: 1 comment removed, 1 comment kept as “[deleted]” under their replies, 1 subscription record removed. The address is on the do-not-mail list.`,
    );
    await expect.poll(() => page.getByTestId('live-status').textContent()).toContain(`Erased ${ERIN}`);
    await expect(results.count()).resolves.toBe(0);

    // The reader's view: Frank's reply still hangs from the first comment, now a placeholder.
    const comments = await thread();
    const placeholder = comments.find((c) => c.id === root);
    expect(placeholder).toMatchObject({ authorName: '', bodyHtml: '', deleted: true });
    expect(placeholder.replies.map((r: any) => r.id)).toEqual([reply]);
    expect(JSON.stringify(comments)).not.toContain('Erin');
    // The article's static HTML (what search engines and readers without JavaScript get) says so.
    const html = await (await fetch(`${server.url}/api/v1/sites/demo/comments.html?page=${encodeURIComponent(PAGE)}`)).text();
    expect(html).toMatch(new RegExp(`<li id="comment-${root}"><article><p class="parley-body">\\[deleted\\]</p><ol class="parley-replies"><li id="comment-${reply}">`));
    expect(html).not.toContain('lighthouse');

    // Found again: only the do-not-mail entry is left.
    await page.getByRole('button', { name: 'Find', exact: true }).click();
    await expect.poll(() => results.getByTestId('privacy-summary').textContent()).toContain('On the do-not-mail list (request)');
    await expect(results.getByTestId('privacy-summary').textContent()).resolves.toContain('0 comments');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('is not offered to moderators', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/admin`);
    await signInDashboard(page, MODERATOR);
    await nav(page, 'Audit log').waitFor();
    expect(await nav(page, 'Privacy').count()).toBe(0);
    await page.goto(`${server.url}/admin#/privacy`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await expect(page.locator('#privacy-email').count()).resolves.toBe(0);
    await context.close();
  });
});
