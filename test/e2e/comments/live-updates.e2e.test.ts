import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../support/browser.ts';
import { signInDashboard } from '../../support/dashboard.ts';
import { type ServerProcess, startServerProcess } from '../../support/server-process.ts';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SHOTS = '/tmp';
const OWNER = { email: 'owner@example.com', password: 'owner-password-123' };
let server: ServerProcess;
let browser: Browser;

async function post(page: string, body: string, parentId?: string): Promise<string> {
  const res = await fetch(`${server.url}/api/v1/sites/demo/comments`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: server.url },
    body: JSON.stringify({ page, authorName: 'Someone else', body, ...(parentId ? { parentId } : {}) }),
  });
  if (res.status !== 201) throw new Error(`post failed: ${res.status}`);
  return ((await res.json()) as { comment: { id: string } }).comment.id;
}

interface Reader {
  page: Page;
  /** The "what's new" checks this reader's widget has sent. */
  checks: string[];
}

/**
 * A reader in a browser profile of their own (their own localStorage) on a host page whose
 * widget checks for news every second (data-poll-seconds; the default is 20).
 */
async function openReader(key: string, options: { lang?: string; theme?: 'light' | 'dark'; width?: number } = {}): Promise<Reader> {
  const { lang = 'en', theme = 'light', width = 1000 } = options;
  const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: theme });
  const page = await context.newPage();
  const html = `<!doctype html><html lang="${lang}"><head><title>Story</title><meta name="viewport" content="width=device-width"></head>
    <body style="margin:0 12px;${theme === 'dark' ? 'background:#1f1f22;color:#ececf1' : 'background:#fff;color:#1d1d1f'}"><main><h1>Story</h1>
    <div data-parley-comments data-page="${key}" data-theme="${theme}" data-poll-seconds="1"></div></main>
    <script src="${server.url}/embed.js" data-site="demo" async></script></body></html>`;
  await page.route(`${server.url}/story`, (route) => route.fulfill({ contentType: 'text/html', body: html }));
  const checks: string[] = [];
  page.on('request', (r) => void (r.url().includes('/comments/check') && checks.push(r.url())));
  await page.goto(`${server.url}/story`);
  await page.locator('[data-parley-comments] article').first().waitFor();
  return { page, checks };
}

/** Hides or shows the tab as the browser does when the reader switches tabs. */
async function setHidden(page: Page, hidden: boolean): Promise<void> {
  await page.evaluate((h) => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => h });
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (h ? 'hidden' : 'visible') });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
}

beforeAll(async () => {
  server = await startServerProcess({ SPAM_DEFENCES: 'off', PARLEY_ADMIN_EMAIL: OWNER.email, PARLEY_ADMIN_PASSWORD: OWNER.password });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('live discussion in Chromium', () => {
  it('shows another reader\'s new comment behind "1 new comment", never the reader\'s own twice, and highlights replies to them', async () => {
    await post('/live-two', 'The first comment, already there.');
    const a = await openReader('/live-two');
    const b = await openReader('/live-two');

    // Reader A posts through the widget.
    await a.page.getByLabel('Comment', { exact: true }).fill('Reader A was here.');
    await a.page.getByLabel('Name', { exact: true }).fill('Reader A');
    await a.page.getByRole('button', { name: 'Post comment' }).click();
    await a.page.locator('article', { hasText: 'Reader A was here.' }).waitFor();

    // Reader B learns of it, politely, and reveals it in place.
    const news = b.page.getByRole('button', { name: '1 new comment' });
    await news.waitFor();
    await expect.poll(() => b.page.getByRole('status').textContent()).toBe('1 new comment');
    expect(await b.page.locator('article', { hasText: 'Reader A was here.' }).count()).toBe(0);
    await news.click();
    await b.page.locator('article', { hasText: 'Reader A was here.' }).waitFor();
    expect(await news.count()).toBe(0);
    expect(await b.page.getByRole('heading', { name: '2 comments' }).count()).toBe(1);

    // Reader B answers reader A; reader A is told of the reply, not of their own comment.
    const theirs = b.page.locator('article', { hasText: 'Reader A was here.' });
    await theirs.getByRole('button', { name: 'Reply' }).click();
    await b.page.getByLabel('Reply to Reader A').fill('Reader B answers.');
    await b.page.getByLabel('Name', { exact: true }).last().fill('Reader B');
    await b.page.getByRole('button', { name: 'Post reply' }).click();
    await b.page.locator('article', { hasText: 'Reader B answers.' }).waitFor();

    const forA = a.page.getByRole('button', { name: '1 new comment' });
    await forA.waitFor();
    await forA.click();
    const reply = a.page.locator('article', { hasText: 'Reader B answers.' });
    await reply.waitFor();
    expect(await reply.getAttribute('class')).toContain('highlight');
    expect(await a.page.locator('article', { hasText: 'Reader A was here.' }).count()).toBe(1);
    expect(await a.page.locator('article', { hasText: 'The first comment, already there.' }).count()).toBe(1);
    expect(await a.page.getByRole('heading', { name: '3 comments' }).count()).toBe(1);
    // B's own reply is in B's thread once, whatever the checks saw.
    expect(await b.page.locator('article', { hasText: 'Reader B answers.' }).count()).toBe(1);
    await a.page.context().close();
    await b.page.context().close();
  });

  it('sends no check while the tab is hidden, and catches up when it is shown again', async () => {
    await post('/live-hidden', 'Before.');
    const reader = await openReader('/live-hidden');
    await expect.poll(() => reader.checks.length).toBeGreaterThan(0);
    await setHidden(reader.page, true);
    // A check already on the wire when the tab hid may still land; count from a quiet moment.
    await reader.page.waitForTimeout(1500);
    const before = reader.checks.length;
    await post('/live-hidden', 'While away.');
    await reader.page.waitForTimeout(3500);
    expect(reader.checks.length).toBe(before);
    expect(await reader.page.getByRole('button', { name: /new comment/ }).count()).toBe(0);
    await setHidden(reader.page, false);
    await reader.page.getByRole('button', { name: '1 new comment' }).waitFor();
    await reader.page.context().close();
  });

  for (const [name, options] of [
    ['light', {}],
    ['dark', { theme: 'dark' }],
    ['phone', { width: 375 }],
    ['arabic', { lang: 'ar' }],
  ] as const) {
    it(`shows the "new comments" button well and accessibly: ${name}`, async () => {
      const key = `/live-look-${name}`;
      const root = await post(key, 'An earlier comment in this discussion.');
      const reader = await openReader(key, options);
      await post(key, 'A new thread.');
      await post(key, 'A new reply.', root);
      const button = reader.page.getByRole('button', { name: name === 'arabic' ? /^تعليقات جديدة: (2|٢)$/ : '2 new comments' });
      await button.waitFor();
      await reader.page.locator('[data-parley-comments]').screenshot({ path: `${SHOTS}/parley-new-comments-${name}.png` });
      await reader.page.addScriptTag({ content: AXE_SOURCE });
      const found = await reader.page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: { id: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
        return (await axe.run(document, { resultTypes: ['violations'] })).violations.map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
      });
      expect(found).toEqual([]);
      await reader.page.context().close();
    });
  }

  it('sets the CDN cache on the settings page: a bad value is named, 0 turns shared caching off', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(`${server.url}/admin`);
    await signInDashboard(page, OWNER);
    await page.goto(`${server.url}/admin#/settings`);
    const field = page.locator('#edgeCacheSeconds');
    await field.waitFor();
    expect(await field.inputValue()).toBe('5');
    const check = () => fetch(`${server.url}/api/v1/sites/demo/comments/check?page=/anything`).then((r) => r.headers.get('Cache-Control'));
    expect(await check()).toBe('public, max-age=0, s-maxage=5, stale-while-revalidate=5');
    await field.fill('301');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.locator('#edgeCacheSeconds-error').waitFor();
    expect(await page.locator('#edgeCacheSeconds-error').textContent()).toMatch(/CDN cache/);
    await field.fill('0');
    await field.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await page.screenshot({ path: `${SHOTS}/parley-settings-cdn-cache.png` });
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved.').first().waitFor();
    expect(await check()).toBe('public, max-age=0, must-revalidate');
    await page.context().close();
  });
});
