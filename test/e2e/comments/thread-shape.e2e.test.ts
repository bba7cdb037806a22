import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../support/browser.ts';
import { type Admin, adminApi } from '../../support/dashboard.ts';
import { type ServerProcess, startServerProcess } from '../../support/server-process.ts';

/**
 * What a reader sees of a thread whose middle a moderator removed, and of a thread longer than a
 * listing carries, in real Chromium against the Node server: the heading counts exactly the
 * comments shown, a removed comment is a "[removed]" placeholder in the reader's language, and
 * "Load more comments" under a long thread brings its other replies.
 */
const OWNER = { email: 'owner@example.com', password: 'owner-password-123' };
const SHOTS = process.env.SHOTS_DIR ?? '/tmp';

let server: ServerProcess;
let browser: Browser;
let owner: Admin;

async function post(page: string, body: string, parentId?: string): Promise<string> {
  const res = await fetch(`${server.url}/api/v1/sites/demo/comments`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: server.url },
    body: JSON.stringify({ page, authorName: 'Reader', body, parentId }),
  });
  if (res.status !== 201) throw new Error(`seed failed: ${res.status}`);
  return ((await res.json()) as { comment: { id: string } }).comment.id;
}

async function open(key: string, options: { lang?: string; width?: number; dark?: boolean } = {}): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: options.width ?? 1000, height: 900 }, colorScheme: options.dark ? 'dark' : 'light' });
  const html = `<!doctype html><html lang="${options.lang ?? 'en'}" dir="${options.lang === 'ar' ? 'rtl' : 'ltr'}"><head><title>Story</title></head><body><h1>Story</h1>
    <div data-parley-comments data-page="${key}"></div>
    <script src="${server.url}/embed.js" data-site="demo" async></script></body></html>`;
  await page.route(`${server.url}/story**`, (route) => route.fulfill({ contentType: 'text/html', body: html }));
  await page.goto(`${server.url}/story`);
  return page;
}

beforeAll(async () => {
  server = await startServerProcess({ PARLEY_ADMIN_EMAIL: OWNER.email, PARLEY_ADMIN_PASSWORD: OWNER.password, SPAM_DEFENCES: 'off' });
  browser = await launchBrowser();
  owner = await adminApi(server.url, OWNER);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('thread shape in Chromium', () => {
  it('shows a removed comment as a placeholder with its replies, and counts only what it shows', async () => {
    const root = await post('/removed', 'The council meets on Tuesday.');
    const middle = await post('/removed', 'Something a moderator removes.', root);
    await post('/removed', 'An answer to the removed comment.', middle);
    const spam = await post('/removed', 'Top-level spam with a reply.');
    await post('/removed', 'A fair reply to the spam.', spam);
    expect((await owner.request('POST', `/comments/${middle}/actions`, { action: 'reject' })).status).toBe(200);
    expect((await owner.request('POST', `/comments/${spam}/actions`, { action: 'spam' })).status).toBe(200);

    const page = await open('/removed');
    await page.getByText('An answer to the removed comment.').waitFor();
    expect(await page.getByRole('heading', { name: '3 comments' }).count()).toBe(1);
    expect(await page.getByText('[removed]').count()).toBe(2);
    expect(await page.getByText('Something a moderator removes.').count()).toBe(0);
    expect(await page.getByText('Top-level spam').count()).toBe(0);
    expect(await page.getByText('A fair reply to the spam.').count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}/parley-removed-light.png`, fullPage: true });
    await page.close();

    for (const [name, options] of [
      ['parley-removed-375-dark', { width: 375, dark: true }],
      ['parley-removed-ar', { lang: 'ar', width: 375 }],
    ] as const) {
      const shot = await open('/removed', options);
      await shot.getByText('A fair reply to the spam.').waitFor();
      if ('lang' in options) expect(await shot.getByText('[أُزيل]').count()).toBe(2);
      await shot.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
      await shot.close();
    }
  }, 90_000);

  it('loads the rest of a long thread from its button', async () => {
    const root = await post('/long-thread', 'A busy thread.');
    for (let i = 1; i <= 23; i++) await post('/long-thread', `Reply number ${i}.`, root);
    const page = await open('/long-thread');
    await page.getByText('Reply number 20.').waitFor();
    expect(await page.getByText('Reply number 21.').count()).toBe(0);
    const more = page.getByRole('button', { name: 'Load more comments' });
    expect(await more.count()).toBe(1);
    await more.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/parley-more-replies.png` });
    await more.click();
    await page.getByText('Reply number 23.').waitFor();
    expect(await page.getByText(/^Reply number \d+\.$/).count()).toBe(23);
    expect(await page.getByRole('button', { name: 'Load more comments' }).count()).toBe(0);
    await page.close();
  }, 90_000);
});
