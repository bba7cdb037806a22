// hono/jwt's `sign`, imported from hono/utils/jwt: hono/jwt also brings the JWT middleware, whose
// typing of the context variables would break the app's own (see server/features/readers/sso.ts).
import { Jwt } from 'hono/utils/jwt';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../support/browser.ts';
import { type Admin, adminApi, signInDashboard } from '../../support/dashboard.ts';
import { type ServerProcess, startServerProcess } from '../../support/server-process.ts';

/**
 * Publisher SSO set up from the dashboard in real Chromium against the real Node server: the
 * owner generates a secret (shown once), a publisher's token signed with it is accepted, and
 * after turning SSO off the same token is refused.
 */

const OWNER = { email: 'owner@example.com', password: 'owner-password-123' };
const MODERATOR = { email: 'moderator@example.com', password: 'moderator-password-123' };

let server: ServerProcess;
let browser: Browser;
let owner: Admin;

const liveStatus = (page: Page) => page.getByTestId('live-status');
const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name, exact: true });

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core over the SSO card, violations as readable lines. */
async function cardViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    return axe.run(document.querySelector('.sso-card'), { resultTypes: ['violations'] });
  });
  return result.violations.map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
}

async function ssoSignIn(token: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}/api/v1/sites/demo/auth/sso`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: server.url },
    body: JSON.stringify({ token }),
  });
  return { status: res.status, body: await res.json() };
}

async function openSettings(who: typeof OWNER): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
  // bypassCSP only so that axe-core can be injected; the dashboard's CSP allows no inline script.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  await page.goto(`${server.url}/admin`);
  await signInDashboard(page, who);
  await nav(page, 'Settings').click();
  await page.getByRole('heading', { name: 'Reader sign-in (publisher SSO)' }).waitFor();
  return { page, errors, close: () => context.close() };
}

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

describe('dashboard: publisher SSO', () => {
  it('generates a secret shown once, which signs tokens the API accepts, and turning SSO off refuses them', async () => {
    const { page, errors, close } = await openSettings(OWNER);
    const card = page.getByRole('region', { name: 'Reader sign-in (publisher SSO)' });
    const status = card.getByTestId('sso-status');
    await expect(status.textContent()).resolves.toContain('Publisher SSO is off');
    // Nothing to turn off yet.
    await expect(card.getByRole('button', { name: /Turn off/ }).count()).resolves.toBe(0);

    // From the keyboard: focus the button and press Enter.
    await card.getByRole('button', { name: 'Generate a new secret' }).focus();
    await page.keyboard.press('Enter');
    const secretField = card.getByLabel('New SSO secret');
    await secretField.waitFor();
    const secret = await secretField.inputValue();
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    // Focus moves to the secret, ready to copy; the note says it is shown only now and where it goes.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('sso-secret');
    const note = await card.locator('#sso-secret-help').textContent();
    expect(note).toContain('Shown only now');
    expect(note).toContain('PARLEY_SSO_SECRET');
    await expect(card.getByRole('button', { name: 'Copy the SSO secret' }).isVisible()).resolves.toBe(true);
    await expect(status.textContent()).resolves.toContain('Publisher SSO is on');
    await expect.poll(() => liveStatus(page).textContent()).toContain('shown only once');
    await expect(cardViolations(page)).resolves.toEqual([]);

    // The server reports only that a secret is set, never the secret.
    const site = await owner.request('GET', '/sites/demo');
    expect(site.body.site.ssoConfigured).toBe(true);
    expect(JSON.stringify(site.body)).not.toContain(secret);

    // A publisher's server signs a reader's token with it (HS256), and Parley accepts it.
    const now = Math.floor(Date.now() / 1000);
    const token = await Jwt.sign({ sub: 'reader-4711', name: 'Grace Hopper', email: 'grace@example.com', iat: now, exp: now + 600 }, secret, 'HS256');
    const accepted = await ssoSignIn(token);
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body.identity).toMatchObject({ kind: 'sso', name: 'Grace Hopper' });
    expect(typeof accepted.body.token).toBe('string');

    // Hiding it is for good: after a reload the page shows only that SSO is on.
    await card.getByRole('button', { name: 'I have copied it, hide it' }).click();
    await expect(secretField.count()).resolves.toBe(0);
    await page.reload();
    await page.getByRole('heading', { name: 'Reader sign-in (publisher SSO)' }).waitFor();
    await expect(status.textContent()).resolves.toContain('Publisher SSO is on');
    await expect(page.content()).resolves.not.toContain(secret);

    // A new secret would replace the one in use: that asks first too.
    await card.getByRole('button', { name: 'Generate a new secret' }).click();
    const replace = card.getByRole('group', { name: /Replace the secret\?/ });
    await replace.waitFor();
    await replace.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Generate a new secret');

    // Turning off asks first; Cancel keeps it on.
    await card.getByRole('button', { name: 'Turn off publisher SSO' }).click();
    const question = card.getByRole('group', { name: /Turn publisher SSO off\?/ });
    await question.waitFor();
    await expect(cardViolations(page)).resolves.toEqual([]);
    await question.getByRole('button', { name: 'Cancel' }).click();
    expect((await owner.request('GET', '/sites/demo')).body.site.ssoConfigured).toBe(true);

    await card.getByRole('button', { name: 'Turn off publisher SSO' }).click();
    // The confirming button has the focus: Enter confirms.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Turn off SSO');
    await page.keyboard.press('Enter');
    await expect.poll(() => status.textContent()).toContain('Publisher SSO is off');
    await expect.poll(() => liveStatus(page).textContent()).toContain('Publisher SSO is off');
    expect((await owner.request('GET', '/sites/demo')).body.site.ssoConfigured).toBe(false);

    const refused = await ssoSignIn(token);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('invalid_token');

    expect(errors).toEqual([]);
    await close();
  }, 90_000);

  it('shows a moderator whether SSO is on, without the buttons', async () => {
    expect((await owner.request('PATCH', '/sites/demo', { ssoSecret: 'a'.repeat(64) })).status).toBe(200);
    const { page, close } = await openSettings(MODERATOR);
    const card = page.getByRole('region', { name: 'Reader sign-in (publisher SSO)' });
    await expect(card.getByTestId('sso-status').textContent()).resolves.toContain('Publisher SSO is on');
    await expect(card.getByRole('button').count()).resolves.toBe(0);
    await close();
  }, 60_000);
});
