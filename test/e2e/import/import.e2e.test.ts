import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../support/browser.ts';
import { signInDashboard } from '../../support/dashboard.ts';
import { type ServerProcess, startServerProcess } from '../../support/server-process.ts';

/**
 * An owner moves a Disqus discussion in from the dashboard in real Chromium against the real
 * Node server: choose the file, preview, import; then a reader sees it under the article, with
 * the hostile markup in it inert.
 */

const OWNER = { email: 'owner@example.com', password: 'owner-password-123' };
const SLUG = 'night-trains-return';

const EXPORT = `<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
  <thread dsq:id="77"><link>https://old-site.example/articles/${SLUG}</link><title>Night trains return</title><isDeleted>false</isDeleted></thread>
  <post dsq:id="900"><message><![CDATA[<p>Imported from Disqus: <b>finally</b> a sleeper to Vienna. <img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script></p>]]></message>
    <createdAt>2023-05-01T08:00:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam><author><name>Old Reader</name></author><thread dsq:id="77"/></post>
  <post dsq:id="901"><message><![CDATA[<p>A reply from the old system, <a href="javascript:window.__pwned=3">click</a>.</p>]]></message>
    <createdAt>2023-05-01T09:00:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam><author><name>Second Reader</name></author><thread dsq:id="77"/><parent dsq:id="900"/></post>
  <post dsq:id="902"><message><![CDATA[<p>spam spam</p>]]></message>
    <createdAt>2023-05-01T10:00:00Z</createdAt><isDeleted>false</isDeleted><isSpam>true</isSpam><author><name>Spammer</name></author><thread dsq:id="77"/></post>
</disqus>`;

let server: ServerProcess;
let browser: Browser;

beforeAll(async () => {
  server = await startServerProcess({ PARLEY_ADMIN_EMAIL: OWNER.email, PARLEY_ADMIN_PASSWORD: OWNER.password, SPAM_DEFENCES: 'off' });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('dashboard import', () => {
  it('previews, imports, and the article shows the imported thread safely', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(String(err)));
    await page.goto(`${server.url}/admin`);
    await signInDashboard(page, OWNER);
    await page.goto(`${server.url}/admin#/settings`);

    const form = page.locator('section', { has: page.getByRole('heading', { name: 'Import comments from Disqus or WordPress' }) });
    await form.waitFor();
    // Import waits for a preview.
    await expect(form.getByRole('button', { name: 'Import', exact: true }).isDisabled()).resolves.toBe(true);
    await form.getByLabel('Export from').selectOption('disqus');
    await form.getByLabel('Export file').setInputFiles({ name: 'disqus-export.xml', mimeType: 'application/xml', buffer: Buffer.from(EXPORT) });
    await form.getByRole('button', { name: 'Preview' }).click();
    const report = form.getByTestId('comments-import-report');
    await expect.poll(() => report.textContent()).toContain('Preview, nothing imported yet: 3 comments on 1 page');
    await expect(report.textContent()).resolves.toContain('1 spam');

    await form.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => report.textContent()).toContain('Imported: 3 comments on 1 page');

    // A reader of the article sees the two approved comments, threaded, and nothing runs.
    const article = await context.newPage();
    await article.goto(`${server.url}/articles/${SLUG}`);
    await article.locator('[data-parley-comments]').scrollIntoViewIfNeeded();
    await article.locator('#comment-' + (await commentIdByText(article, 'finally'))).waitFor();
    const html = await article.evaluate(() => document.querySelector('[data-parley-comments]')!.shadowRoot!.innerHTML);
    expect(html).toContain('A reply from the old system');
    expect(html).not.toContain('spam spam');
    expect(html).not.toMatch(/onerror|javascript:|<script/i);
    expect(await article.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);
});

/** Waits for the widget to list a comment containing `text` and returns its id. */
async function commentIdByText(page: import('playwright-core').Page, text: string): Promise<string> {
  await expect
    .poll(() => page.evaluate((t) => !!document.querySelector('[data-parley-comments]')?.shadowRoot?.innerHTML.includes(t), text), { timeout: 20_000 })
    .toBe(true);
  return page.evaluate((t) => {
    const root = document.querySelector('[data-parley-comments]')!.shadowRoot!;
    const el = [...root.querySelectorAll('[id^="comment-"]')].find((e) => e.textContent?.includes(t))!;
    return el.id.replace('comment-', '');
  }, text);
}
