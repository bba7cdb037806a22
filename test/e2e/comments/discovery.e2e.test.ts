import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../support/browser.ts';
import { type ServerProcess, startServerProcess } from '../../support/server-process.ts';

let server: ServerProcess;
let browser: Browser;

async function post(page: string, body: string) {
  const res = await fetch(`${server.url}/api/v1/sites/demo/comments`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: server.url },
    body: JSON.stringify({ page, authorName: 'Seeder', body }),
  });
  if (res.status !== 201) throw new Error(`seed failed: ${res.status}`);
}

beforeAll(async () => {
  // Seeded through the public API by a trusted script: spam layers off.
  server = await startServerProcess({ SPAM_DEFENCES: 'off' });
  browser = await launchBrowser();
  for (let i = 0; i < 3; i++) await post('/listing/three', `Comment ${i} on the third story.`);
  await post('/listing/one', 'The only comment.');
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('discovery: count.js and the static fragment', () => {
  it('fills every count on a listing page in one request, in the page language', async () => {
    const page = await browser.newPage();
    const counts: string[] = [];
    page.on('request', (r) => r.url().includes('/counts?') && counts.push(r.url()));
    await page.route(`${server.url}/front-page`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><html lang="en"><head><title>Front page</title></head><body>
          <p><a href="/s3">Story three</a> <span data-parley-count="/listing/three">Comments</span></p>
          <p><a href="/s1">Story one</a> <span data-parley-count="/listing/one">Comments</span></p>
          <p><a href="/s0">Story none</a> <span data-parley-count="/listing/none" data-one="{n} reply" data-other="{n} replies">Comments</span></p>
          <p>Again: <span data-parley-count="/listing/three" data-other="{n} reader comments">Comments</span></p>
          <script src="${server.url}/count.js" data-site="demo" async></script></body></html>`,
      }),
    );
    await page.goto(`${server.url}/front-page`);
    const text = (key: string, nth = 0) => page.locator(`[data-parley-count="${key}"]`).nth(nth).textContent();
    await expect.poll(() => text('/listing/three')).toBe('3 comments');
    expect(await text('/listing/one')).toBe('1 comment');
    expect(await text('/listing/none')).toBe('0 replies');
    expect(await text('/listing/three', 1)).toBe('3 reader comments');
    expect(counts).toHaveLength(1);
    // Nothing of the comments app is loaded on a listing page.
    const scripts = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.endsWith('.js')));
    expect(scripts.every((s) => s.endsWith('/count.js'))).toBe(true);
    await page.close();
  });

  it('shows the static fragment without JavaScript, and the widget takes its place when it loads', async () => {
    const fragment = await (await fetch(`${server.url}/api/v1/sites/demo/comments.html?page=${encodeURIComponent('/listing/three')}`)).text();
    const body = `<!doctype html><html lang="en"><head><title>Story three</title></head><body><h1>Story three</h1>
      <div data-parley-comments data-page="/listing/three">${fragment}</div>
      <script src="${server.url}/embed.js" data-site="demo" async></script></body></html>`;

    const noJs = await browser.newContext({ javaScriptEnabled: false });
    const plain = await noJs.newPage();
    await plain.route(`${server.url}/story-three`, (route) => route.fulfill({ contentType: 'text/html', body }));
    await plain.goto(`${server.url}/story-three`);
    expect(await plain.getByRole('heading', { name: '3 comments' }).isVisible()).toBe(true);
    expect(await plain.getByText('Comment 2 on the third story.').isVisible()).toBe(true);
    await noJs.close();

    const page = await browser.newPage();
    await page.route(`${server.url}/story-three`, (route) => route.fulfill({ contentType: 'text/html', body }));
    await page.goto(`${server.url}/story-three`);
    // The widget's own heading and form, from its shadow root; the fragment is no longer shown.
    await page.getByRole('button', { name: 'Post comment' }).waitFor();
    // The fragment stays in the light DOM (for crawlers) but is not rendered beside the shadow
    // root: the reader sees the comment once, from the widget.
    const shown = page.getByText('Comment 2 on the third story.').filter({ visible: true });
    await shown.first().waitFor();
    expect(await page.locator('[data-parley-static]').isVisible()).toBe(false);
    expect(await shown.count()).toBe(1);
    await page.close();
  });
});
