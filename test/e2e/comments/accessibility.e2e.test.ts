import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../support/browser.ts';
import { type ServerProcess, startServerProcess } from '../../support/server-process.ts';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
let server: ServerProcess;
let browser: Browser;

async function post(page: string, body: string, parentId?: string): Promise<string> {
  const res = await fetch(`${server.url}/api/v1/sites/demo/comments`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: server.url },
    body: JSON.stringify({ page, authorName: 'Seeder', body, ...(parentId ? { parentId } : {}) }),
  });
  if (res.status !== 201) throw new Error(`seed failed: ${res.status}`);
  return ((await res.json()) as { comment: { id: string } }).comment.id;
}

/** A host page in `lang` with the widget in `theme`; the page itself is plain and accessible. */
async function open(options: { lang: string; theme: 'light' | 'dark' }): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1000, height: 900 }, colorScheme: options.theme });
  const html = `<!doctype html><html lang="${options.lang}"><head><title>Story</title></head>
    <body style="${options.theme === 'dark' ? 'background:#1f1f22;color:#ececf1' : 'background:#fff;color:#1d1d1f'}"><main><h1>Story</h1>
    <div data-parley-comments data-page="/a11y" data-theme="${options.theme}"></div></main>
    <script src="${server.url}/embed.js" data-site="demo" async></script></body></html>`;
  await page.route(`${server.url}/story`, (route) => route.fulfill({ contentType: 'text/html', body: html }));
  await page.goto(`${server.url}/story`);
  await page.locator('[data-parley-comments] article').first().waitFor();
  return page;
}

/** axe-core over the whole page (it reads open shadow roots), violations as readable lines. */
async function violations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  });
  return result.violations.map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
}

beforeAll(async () => {
  server = await startServerProcess({ SPAM_DEFENCES: 'off' });
  browser = await launchBrowser();
  const root = await post('/a11y', 'A first comment with a [link](https://example.com) and `code`.');
  await post('/a11y', 'A reply to it.', root);
  await post('/a11y', '> A quote\n\nAnd a second thread.');
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('axe-core finds no violations in the widget', () => {
  for (const [lang, theme] of [['en', 'light'], ['en', 'dark'], ['ar', 'light'], ['ar', 'dark']] as const) {
    it(`in ${lang}, ${theme}: listing, form errors, reply, report, own comment's edit and delete`, async () => {
      const page = await open({ lang, theme });
      const found: Record<string, string[]> = {};
      found.listing = await violations(page);

      // The form after submitting it empty: errors shown and tied to their fields.
      const submit = page.locator('[data-parley-comments] form button[type=submit]').first();
      await submit.click();
      await page.locator('[data-parley-comments] .field-error, [data-parley-comments] .form-error').first().waitFor();
      found.formErrors = await violations(page);

      // The sign-in panel (its labels come with its chunk).
      await page.locator('[data-parley-comments] form .actions button.link').first().click();
      await page.locator('[data-parley-comments] .account input[type=email]').waitFor();
      found.signIn = await violations(page);

      // Reply form and report form open under the first comment.
      const first = page.locator('[data-parley-comments] article').first();
      const tools = first.locator('.tools button');
      await tools.nth(1).click();
      await page.locator('[data-parley-comments] .reply-form').waitFor();
      found.reply = await violations(page);
      await tools.last().click();
      await page.locator('[data-parley-comments] .report-form').waitFor();
      found.report = await violations(page);

      // An own comment: written here, so it has edit and delete.
      await page.reload();
      const form = page.locator('[data-parley-comments] form').first();
      await form.locator('textarea').fill(`Own comment ${lang} ${theme}`);
      await form.locator('input[autocomplete=name]').fill('Reader');
      await submit.click();
      const own = page.locator('[data-parley-comments] article').filter({ hasText: `Own comment ${lang} ${theme}` });
      await own.waitFor();
      await own.locator('.tools button').nth(1).click();
      await page.locator('[data-parley-comments] .edit-form textarea:not([disabled])').waitFor();
      found.edit = await violations(page);
      await page.locator('[data-parley-comments] .edit-form button.link').click();
      await own.locator('.tools button').nth(2).click();
      await page.locator('[data-parley-comments] .confirm').waitFor();
      found.deleteConfirm = await violations(page);

      expect(Object.fromEntries(Object.entries(found).filter(([, v]) => v.length))).toEqual({});
      await page.close();
    }, 90_000);
  }
});
