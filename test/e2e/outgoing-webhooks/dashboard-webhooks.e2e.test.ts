import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../support/browser.ts';
import { type Admin, adminApi, signInDashboard } from '../../support/dashboard.ts';
import { type ServerProcess, startServerProcess } from '../../support/server-process.ts';
import { startReceiver } from '../../support/webhook-receiver.ts';

/**
 * The Webhooks page in real Chromium against the real Node server (WEBHOOKS_ALLOW_PRIVATE=on, so
 * the receiver can be this machine): an owner adds an endpoint, copies the secret shown once,
 * sends a test event and reads its response code in the delivery log; moderators do not see it.
 */

const OWNER = { email: 'owner@example.com', password: 'owner-password-123' };
const MODERATOR = { email: 'moderator@example.com', password: 'moderator-password-123' };
const SHOTS = '/tmp';
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let server: ServerProcess;
let browser: Browser;
let owner: Admin;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

async function violations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    return axe.run(document.querySelector('main'), { resultTypes: ['violations'] });
  });
  return result.violations.map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
}

const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name, exact: true });

beforeAll(async () => {
  receiver = await startReceiver((n) => (n === 1 ? 200 : 503));
  server = await startServerProcess({ PARLEY_ADMIN_EMAIL: OWNER.email, PARLEY_ADMIN_PASSWORD: OWNER.password, SPAM_DEFENCES: 'off', WEBHOOKS_ALLOW_PRIVATE: 'on' });
  browser = await launchBrowser();
  owner = await adminApi(server.url, OWNER);
  expect((await owner.request('POST', '/editors', { email: MODERATOR.email, name: 'Mo', role: 'moderator', password: MODERATOR.password })).status).toBe(201);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await receiver?.close();
});

describe('dashboard: webhooks', () => {
  it('adds an endpoint, shows its secret once, sends a test event and logs the response code', async () => {
    // bypassCSP only so that axe-core can be injected; the dashboard's CSP allows no inline script.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(String(err)));
    await page.goto(`${server.url}/admin`);
    await signInDashboard(page, OWNER);
    await nav(page, 'Webhooks').click();
    await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
    await page.getByText('No webhooks yet.').waitFor();

    // A URL the form refuses is explained at the field.
    await page.getByLabel('URL').fill('ftp://example.com/x');
    await page.getByRole('button', { name: 'Add webhook' }).click();
    await expect.poll(() => page.locator('#webhook-url-error').textContent()).toContain('https://');

    await page.getByLabel('URL').fill(receiver.url);
    await page.getByRole('checkbox', { name: /comment\.created/ }).check();
    await page.getByRole('button', { name: 'Add webhook' }).click();
    const secretBox = page.getByLabel(/Secret for/);
    await secretBox.waitFor();
    const secret = await secretBox.inputValue();
    expect(secret).toMatch(/^whsec_/);
    await page.getByRole('button', { name: 'Copy the signing secret' }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await expect.poll(() => page.getByTestId('live-status').textContent()).toBe('Signing secret copied.');
    expect(await violations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/parley-webhooks-secret.png`, fullPage: true });

    await page.getByRole('button', { name: 'I have copied it' }).click();
    await secretBox.waitFor({ state: 'detached' });
    // Shown once: after a reload the secret is nowhere on the page (nor in what the API answers).
    await page.reload();
    await page.locator('td[data-label="URL"]', { hasText: receiver.url }).waitFor();
    expect(await page.content()).not.toContain(secret);

    await page.getByRole('button', { name: `Send test event to ${receiver.url}` }).click();
    await expect.poll(() => page.getByTestId('live-status').textContent()).toBe('Test event delivered: the receiver answered 200.');
    await expect.poll(() => page.getByTestId('response-code').first().textContent()).toContain('200');
    const body = receiver.received[0]!;
    expect((new Webhook(secret).verify(body.body, body.headers as Record<string, string>) as { type: string }).type).toBe('webhook.test');

    // A second test meets a failing receiver: the log says so, with the code and the error.
    await page.getByRole('button', { name: `Send test event to ${receiver.url}` }).click();
    await expect.poll(() => page.locator('.toast-error').textContent()).toContain('Test event failed: answered 503.');
    await expect.poll(() => page.getByTestId('response-code').first().textContent()).toContain('503');
    expect(await violations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/parley-webhooks-light.png`, fullPage: true });

    // The same page in dark, on a phone, and laid out right to left.
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: `${SHOTS}/parley-webhooks-dark.png`, fullPage: true });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 375, height: 800 });
    await page.screenshot({ path: `${SHOTS}/parley-webhooks-375.png`, fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.evaluate(() => document.documentElement.setAttribute('dir', 'rtl'));
    await page.screenshot({ path: `${SHOTS}/parley-webhooks-rtl.png`, fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('is not shown to a moderator, whose direct visit is refused', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/admin`);
    await signInDashboard(page, MODERATOR);
    expect(await nav(page, 'Webhooks').count()).toBe(0);
    await page.goto(`${server.url}/admin/#/webhooks`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).not.toBe('Webhooks');
    await context.close();
  });
});
