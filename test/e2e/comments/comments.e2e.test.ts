import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../support/browser.ts';
import { adminApi, signInDashboard } from '../../support/dashboard.ts';
import { type ServerProcess, startServerProcess } from '../../support/server-process.ts';

const ARTICLE = '/articles/harbour-wind-farm-approved';
const OWNER = { email: 'owner@example.com', password: 'a long owner password' };
let server: ServerProcess;
let browser: Browser;

beforeAll(async () => {
  // Spam layers are on here, as after `npm start`: readers go through them without noticing.
  server = await startServerProcess({ PARLEY_ADMIN_EMAIL: OWNER.email, PARLEY_ADMIN_PASSWORD: OWNER.password });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Opens the demo article, fails the test on any script dialog, and scrolls to the comments. */
async function openArticle(path = '/'): Promise<{ page: Page; dialogs: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(`${server.url}${path}`);
  await page.locator('[data-parley-comments]').scrollIntoViewIfNeeded();
  await page.getByRole('heading', { name: /\d+ comments?|Comments/ }).waitFor();
  return { page, dialogs };
}

describe('the demo article in Chromium', () => {
  it('shows the article and loads nothing of the app until the comments near the viewport', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 700 } });
    const requests: string[] = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    await page.goto(server.url);
    expect(await page.locator('h1').textContent()).toMatch(/offshore wind farm/);
    expect(await page.getByRole('heading', { name: 'You may also like' }).count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'Leave a Comment' }).count()).toBe(1);
    await page.waitForTimeout(300);
    expect(requests).toContain('/embed.js');
    expect(requests.some((p) => p.startsWith('/parley-app-'))).toBe(false);
    expect(requests.some((p) => p.startsWith('/api/'))).toBe(false);
    await page.locator('[data-parley-comments]').scrollIntoViewIfNeeded();
    await page.getByRole('heading', { name: /\d+ comments/ }).waitFor();
    expect(requests.some((p) => p.startsWith('/parley-app-'))).toBe(true);
    await page.close();
  });

  it('posts a comment and a reply, and both are there after a reload', async () => {
    const { page, dialogs } = await openArticle();
    const heading = page.getByRole('heading', { name: /\d+ comments/ });
    const before = Number((await heading.textContent())!.match(/\d+/)![0]);

    await page.getByLabel('Comment', { exact: true }).fill('Browser test: the **maintenance base** matters most.');
    await page.getByLabel('Name', { exact: true }).fill('Playwright Reader');
    await page.getByRole('button', { name: 'Post comment' }).click();
    const mine = page.locator('article', { hasText: 'the maintenance base matters most' });
    await mine.waitFor();
    expect(await mine.locator('strong').textContent()).toBe('maintenance base');
    // Focus moves to the new comment and the live region says so.
    await expect.poll(() => page.evaluate(() => document.querySelector('[data-parley-comments]')!.shadowRoot!.activeElement?.textContent ?? '')).toContain('the maintenance base matters most');
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Your comment was posted.');
    await expect.poll(() => heading.textContent()).toBe(`${before + 1} comments`);
    // The form remembers the name for next time and is ready again.
    expect(await page.getByLabel('Comment', { exact: true }).inputValue()).toBe('');

    await mine.getByRole('button', { name: 'Reply' }).click();
    await page.getByLabel('Reply to Playwright Reader').fill('A reply from the browser test.');
    await page.getByRole('button', { name: 'Post reply' }).click();
    await page.locator('article', { hasText: 'A reply from the browser test.' }).waitFor();

    await page.reload();
    await page.locator('[data-parley-comments]').scrollIntoViewIfNeeded();
    const again = page.locator('article', { hasText: 'the maintenance base matters most' });
    await again.waitFor();
    // The reply is nested under the comment it answers.
    const thread = page.locator('li', { has: again });
    expect(await thread.locator('.replies article', { hasText: 'A reply from the browser test.' }).count()).toBe(1);
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Playwright Reader');
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it('lets a reader report a comment with a reason', async () => {
    const { page } = await openArticle();
    const first = page.locator('.thread > li > article').first();
    const id = (await first.getAttribute('id'))!.replace('comment-', '');
    await first.getByRole('button', { name: 'Report' }).click();
    await first.getByLabel('Abusive or hateful').check();
    await first.getByLabel('Anything to add? (optional)').fill('Personal attack');
    await first.getByRole('button', { name: 'Send report' }).click();
    await first.getByText('Thank you. Our moderators will take a look.').waitFor();
    // The report is recorded with its reason and note (read from the server's database file).
    const db = new Database(server.dbPath, { readonly: true });
    try {
      expect(db.prepare('select reason, note from flags where comment_id = ?').all(id)).toEqual([{ reason: 'abuse', note: 'Personal attack' }]);
      expect(db.prepare('select flag_count from comments where id = ?').get(id)).toEqual({ flag_count: 1 });
    } finally {
      db.close();
    }
    await page.close();
  });

  it('shows errors from the API next to the fields and in the live region', async () => {
    const { page } = await openArticle();
    await page.getByLabel('Name', { exact: true }).fill('');
    await page.getByLabel('Comment', { exact: true }).fill('x'.repeat(20));
    await page.getByLabel('Email (optional)').fill('not-an-email');
    await page.getByRole('button', { name: 'Post comment' }).click();
    await page.locator('.field-error', { hasText: 'Name is required.' }).waitFor();
    await page.locator('.field-error', { hasText: 'Email address is not valid.' }).waitFor();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Name is required.');
    expect(await page.getByLabel('Name', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await page.close();
  });

  it('passes every spam layer without the reader seeing a puzzle, and words a rate limit kindly', async () => {
    const { page, dialogs } = await openArticle();
    const sent: Record<string, unknown>[] = [];
    const challenges: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/challenge')) challenges.push(r.url());
      if (r.method() === 'POST' && r.url().endsWith('/comments')) sent.push(r.postDataJSON());
    });
    await page.getByLabel('Comment', { exact: true }).fill('Layers on: a comment from a real browser.');
    await page.getByLabel('Name', { exact: true }).fill('Careful Reader');
    // The honeypot is out of reach: tabbing from the email field goes on to the button, not to it.
    await page.getByLabel('Email (optional)').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.querySelector('[data-parley-comments]')!.shadowRoot!.activeElement?.getAttribute('name'))).not.toBe('website');
    expect(await page.locator('.hp').first().getAttribute('aria-hidden')).toBe('true');
    await page.getByRole('button', { name: 'Post comment' }).click();
    await page.locator('article', { hasText: 'Layers on: a comment from a real browser.' }).waitFor();
    expect(challenges).toHaveLength(1);
    expect(sent[0]).toMatchObject({ website: '', formToken: expect.stringMatching(/^\d+\./), pow: expect.any(String) });
    // Nothing to solve by hand: no captcha frame, no extra control in the form.
    expect(await page.locator('iframe').count()).toBe(0);
    expect(dialogs).toEqual([]);

    // With a limit of one comment a minute, the next attempt gets a friendly wait.
    const owner = await adminApi(server.url, OWNER);
    const tight = { spam: { rateLimits: { comment: { limit: 1, windowSeconds: 60 } } } };
    expect((await owner.request('PATCH', '/sites/demo', tight)).status).toBe(200);
    await page.getByLabel('Comment', { exact: true }).fill('And a second one straight away.');
    await page.getByRole('button', { name: 'Post comment' }).click();
    await page.locator('.form-error', { hasText: /^You are going a little fast\. Please wait \d+ (seconds|minutes) and try again\.$/ }).waitFor();
    expect((await owner.request('PATCH', '/sites/demo', { spam: { rateLimits: { comment: { limit: 5, windowSeconds: 60 } } } })).status).toBe(200);
    await page.close();
  }, 60_000);

  it('signs an editor in to the dashboard with the sign-in layers on', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/admin#/queue/pending`);
    await signInDashboard(page, OWNER);
    await page.getByRole('heading', { name: /Pending/ }).waitFor();
    await page.close();
  });

  it('keeps host-page CSS out of the widget (Shadow DOM)', async () => {
    const { page } = await openArticle();
    await page.addStyleTag({
      content: `* { display: none !important; } html, body, main, section.comments, [data-parley-comments] { display: block !important; }
        button { text-transform: uppercase !important; color: red !important; } p { font-size: 40px !important; }`,
    });
    const form = page.getByLabel('Comment', { exact: true });
    await form.waitFor({ state: 'visible' });
    const button = page.getByRole('button', { name: 'Post comment' });
    await button.waitFor({ state: 'visible' });
    expect(await button.evaluate((b) => getComputedStyle(b).textTransform)).toBe('none');
    const paragraph = page.locator('.body p').first();
    expect(await paragraph.evaluate((p) => getComputedStyle(p).fontSize)).not.toBe('40px');
    // Outside the widget the host rule does apply.
    await page.locator('article h1').first().waitFor({ state: 'hidden' });
    await page.close();
  });

  it('renders hostile comments inert: no script runs, no markup is injected', async () => {
    const fixtures = resolve(import.meta.dirname, '../../../../shared/fixtures/xss-naughty/patt-xss_payloads_quick.txt');
    const payloads = [
      '<script>alert("body")</script>',
      '<img src=x onerror=alert("img")>',
      '[click](javascript:alert("link"))',
      '<svg onload=alert("svg")>',
      ...(existsSync(fixtures) ? readFileSync(fixtures, 'utf8').split('\n').filter(Boolean).slice(0, 40) : []),
    ];
    // Dozens of comments in a few seconds from one script: a trusted seeder, with spam layers off.
    const trusted = await startServerProcess({ SPAM_DEFENCES: 'off' });
    for (const body of payloads) {
      const res = await fetch(`${trusted.url}/api/v1/sites/demo/comments`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: trusted.url },
        body: JSON.stringify({ page: '/hostile', authorName: '<img src=x onerror=alert("name")>', body }),
      });
      expect([201, 400]).toContain(res.status);
    }
    const page = await browser.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    // A page on the server's own origin (which the demo site allows), holding only the widget.
    await page.route(`${trusted.url}/hostile-page`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><html><head><title>Hostile</title></head><body><div data-parley-comments data-page="/hostile"></div>
          <script src="${trusted.url}/embed.js" data-site="demo" async></script></body></html>`,
      }),
    );
    await page.goto(`${trusted.url}/hostile-page`);
    await page.getByRole('heading', { name: /\d+ comments/ }).waitFor();
    await page.waitForTimeout(500);
    expect(dialogs).toEqual([]);
    const injected = await page.evaluate(() => {
      const root = document.querySelector('[data-parley-comments]')!.shadowRoot!;
      return root.querySelectorAll('.body img, .body script, .body svg, .body iframe, [onerror], [onload], a[href^="javascript"]').length;
    });
    expect(injected).toBe(0);
    expect(await page.locator('.author').first().textContent()).toBe('<img src=x onerror=alert("name")>');
    await page.close();
    await trusted.stop();
  });

  it('lets a permalink scroll to and highlight its comment', async () => {
    const res = await fetch(`${server.url}/api/v1/sites/demo/comments?page=${encodeURIComponent(ARTICLE)}&sort=oldest&limit=1`);
    const { comments } = (await res.json()) as { comments: { id: string }[] };
    const page = await browser.newPage({ viewport: { width: 1100, height: 700 } });
    await page.goto(`${server.url}${ARTICLE}#comment-${comments[0]!.id}`);
    const target = page.locator(`#comment-${comments[0]!.id}`);
    await expect.poll(() => target.getAttribute('class')).toMatch(/highlight/);
    await expect.poll(() => target.evaluate((el) => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; })).toBe(true);
    await page.close();
  });
});
