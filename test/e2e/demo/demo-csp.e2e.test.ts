import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../support/browser.ts';
import { type ServerProcess, startServerProcess } from '../../support/server-process.ts';

/**
 * The demo article runs under a Content Security Policy that allows only what it uses. Chromium
 * reports any violation on the console and as a securitypolicyviolation event; a reader's whole
 * visit (the widget loading, a comment posted through the proof of work, a newsletter sign-up)
 * must cause none.
 */
let server: ServerProcess;
let browser: Browser;

beforeAll(async () => {
  // Spam layers on, as after `npm start`: the proof of work runs in its blob: workers.
  server = await startServerProcess({ PARLEY_ADMIN_EMAIL: 'owner@example.com', PARLEY_ADMIN_PASSWORD: 'a long owner password' });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the demo article’s Content Security Policy', () => {
  it('is sent, and a reader’s visit breaks none of it', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`), true);
    });
    const res = await page.goto(server.url);
    const csp = res!.headers()['content-security-policy']!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain("'unsafe-eval'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);

    await page.locator('.newsletter').scrollIntoViewIfNeeded();
    await page.getByPlaceholder('Email address').fill('csp-reader@example.com');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.getByText('Almost done: check your inbox').waitFor();

    await page.locator('[data-parley-comments]').scrollIntoViewIfNeeded();
    await page.getByRole('heading', { name: /\d+ comments?|Comments/ }).waitFor();
    await page.getByLabel('Comment', { exact: true }).fill('Posted under the demo page’s Content Security Policy.');
    await page.getByLabel('Name', { exact: true }).fill('CSP Reader');
    await page.getByRole('button', { name: 'Post comment' }).click();
    await page.locator('article', { hasText: 'Posted under the demo page' }).waitFor({ timeout: 30_000 });
    expect(problems).toEqual([]);
    await page.close();
  }, 90_000);
});
