import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../support/browser.ts';
import { type Admin, adminApi, signInDashboard } from '../../support/dashboard.ts';
import { type ServerProcess, startServerProcess } from '../../support/server-process.ts';

/** The Account page's email alerts card, and the queue link alert emails carry, in real Chromium. */

const OWNER = { email: 'owner@example.com', password: 'owner-password-123' };
const MODERATOR = { email: 'mo@example.com', password: 'moderator-password-123' };
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let server: ServerProcess;
let browser: Browser;
let owner: Admin;

async function open(who: typeof OWNER, hash: string, timezoneId = 'UTC'): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
  // bypassCSP only so that axe-core can be injected; the dashboard's CSP allows no inline script.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true, timezoneId });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  await page.goto(`${server.url}/admin${hash}`);
  await signInDashboard(page, who);
  return { page, errors, close: () => context.close() };
}

async function cardViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    return axe.run(document.querySelector('section[aria-labelledby="alerts-title"]'), { resultTypes: ['violations'] });
  });
  return result.violations.map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
}

beforeAll(async () => {
  server = await startServerProcess({ PARLEY_ADMIN_EMAIL: OWNER.email, PARLEY_ADMIN_PASSWORD: OWNER.password, SPAM_DEFENCES: 'off' });
  browser = await launchBrowser();
  owner = await adminApi(server.url, OWNER);
  expect((await owner.request('POST', '/editors', { email: MODERATOR.email, name: 'Mo', role: 'moderator', password: MODERATOR.password })).status).toBe(201);
  expect((await owner.request('POST', '/sites', { id: 'akhbar', name: 'أخبار المدينة' })).status).toBe(201);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('dashboard: email alerts', () => {
  it("saves the signed-in editor's own choices per site, off until chosen", async () => {
    const { page, errors, close } = await open(MODERATOR, '#/account');
    const demo = page.getByRole('group', { name: 'The Harbour Courier (demo)' });
    await demo.getByLabel('Queue digest').waitFor();
    expect(await demo.getByLabel('Queue digest').inputValue()).toBe('off');
    await demo.getByLabel('Queue digest').selectOption('hourly');
    await demo.getByRole('checkbox', { name: /report a comment \(at 3 reports/ }).check();
    await page.getByRole('button', { name: 'Save alerts' }).click();
    await page.getByText('Your email alerts were saved.', { exact: true }).first().waitFor();
    expect(await cardViolations(page)).toEqual([]);

    await page.reload();
    await demo.getByLabel('Queue digest').waitFor();
    expect(await demo.getByLabel('Queue digest').inputValue()).toBe('hourly');
    expect(await demo.getByRole('checkbox').isChecked()).toBe(true);
    expect(await page.getByRole('group', { name: 'أخبار المدينة' }).getByLabel('Queue digest').inputValue()).toBe('off');
    // The owner's own alerts are untouched.
    const mine = (await owner.request('GET', '/account/alerts')).body.sites;
    expect(mine.map((s: any) => [s.site.id, s.digest, s.flagged])).toEqual([
      ['demo', 'off', false],
      ['akhbar', 'off', false],
    ]);
    expect(errors).toEqual([]);
    await close();
  });

  it("keeps a daily digest at 08:00 in the editor's own zone, and says when another browser would move it", async () => {
    const ny = await open(OWNER, '#/account', 'America/New_York');
    const akhbar = ny.page.getByRole('group', { name: 'أخبار المدينة' });
    await akhbar.getByLabel('Queue digest').waitFor();
    await akhbar.getByLabel('Queue digest').selectOption('daily');
    // The help is the select's description, read with it.
    const select = akhbar.getByRole('combobox', { name: 'Queue digest', description: 'At 08:00 in America/New_York, with what waited overnight.' });
    await select.waitFor();
    await ny.page.getByRole('button', { name: 'Save alerts' }).click();
    await ny.page.getByText('Your email alerts were saved.', { exact: true }).first().waitFor();
    expect(await cardViolations(ny.page)).toEqual([]);
    const saved = (await owner.request('GET', '/account/alerts')).body.sites.find((s: any) => s.site.id === 'akhbar');
    expect(saved).toMatchObject({ digest: 'daily', timeZone: 'America/New_York' });
    expect(ny.errors).toEqual([]);
    await ny.close();

    // The same editor on a laptop set to Tokyo is told before saving.
    const tokyo = await open(OWNER, '#/account', 'Asia/Tokyo');
    await tokyo.page.getByText('Now at 08:00 in America/New_York; saving moves it to 08:00 in Asia/Tokyo.').waitFor();
    await tokyo.close();
  });

  it("opens the site an alert email's queue link names", async () => {
    const { page, errors, close } = await open(OWNER, '#/queue/pending?site=akhbar');
    await page.waitForFunction(() => location.hash === '#/queue/pending');
    expect(await page.getByLabel('Site', { exact: true }).inputValue()).toBe('akhbar');
    // Another link, the dashboard already open: the site changes again.
    await page.evaluate(() => {
      location.hash = '#/queue/flagged?site=demo';
    });
    await page.waitForFunction(() => location.hash === '#/queue/flagged');
    expect(await page.getByLabel('Site', { exact: true }).inputValue()).toBe('demo');
    // A link to one story's comments (each comment of a digest, a report alert): the queue shows that story only.
    await page.evaluate(() => {
      location.hash = '#/queue/pending?site=akhbar&page=%2F2026%2F%D8%AE%D8%A8%D8%B1';
    });
    await page.waitForFunction(() => location.hash === '#/queue/pending?page=%2F2026%2F%D8%AE%D8%A8%D8%B1');
    expect(await page.getByLabel('Site', { exact: true }).inputValue()).toBe('akhbar');
    await page.getByText('Only comments on', { exact: false }).waitFor();
    expect(await page.locator('code', { hasText: '/2026/خبر' }).count()).toBe(1);
    expect(errors).toEqual([]);
    await close();
  });
});
