import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../support/browser.ts';
import { type Admin, adminApi, signInDashboard } from '../../support/dashboard.ts';
import { type ServerProcess, startServerProcess } from '../../support/server-process.ts';

/**
 * The rough edges a first-time editor hit, in real Chromium against the real Node server: a
 * comment its reader deleted, the words that held a comment, a broadcast still in the outbox,
 * the page frame at desktop and phone width, and a first load with no console errors.
 */

const OWNER = { email: 'owner@example.com', password: 'owner-password-123' };
const PAGE = '/articles/harbour-wind-farm-approved';
const ROOT = resolve(import.meta.dirname, '../../..');

let server: ServerProcess;
let browser: Browser;
let owner: Admin;

async function postComment(fields: Record<string, unknown>): Promise<{ comment: { id: string }; editToken: string }> {
  const res = await fetch(`${server.url}/api/v1/sites/demo/comments`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: server.url },
    body: JSON.stringify({ page: PAGE, ...fields }),
  });
  const body = (await res.json()) as any;
  if (res.status !== 201) throw new Error(`comment refused: ${JSON.stringify(body)}`);
  return body;
}

async function dashboard(width = 1280): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${server.url}/admin#/queue/pending`);
  await signInDashboard(page, OWNER);
  return page;
}

beforeAll(async () => {
  // The outbox timer is slowed to an hour, so a broadcast stays queued until the test drains it.
  server = await startServerProcess({ PARLEY_ADMIN_EMAIL: OWNER.email, PARLEY_ADMIN_PASSWORD: OWNER.password, SPAM_DEFENCES: 'off', OUTBOX_INTERVAL_MS: '3600000' });
  browser = await launchBrowser();
  owner = await adminApi(server.url, OWNER);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('dashboard: what an editor meets', () => {
  it('offers nothing but removing the placeholder on a comment its reader deleted, by button or key', async () => {
    const parent = await postComment({ authorName: 'Dana', body: 'A comment I will delete.' });
    await postComment({ authorName: 'Eli', body: 'A reply that keeps it as a placeholder.', parentId: parent.comment.id });
    const gone = await postComment({ authorName: 'Finn', body: 'Deleted, nothing under it.' });
    for (const c of [parent, gone]) {
      const res = await fetch(`${server.url}/api/v1/sites/demo/comments/${c.comment.id}`, { method: 'DELETE', headers: { 'X-Edit-Token': c.editToken, Origin: server.url } });
      expect(res.status).toBe(200);
    }
    const countBefore = async () => ((await (await fetch(`${server.url}/api/v1/sites/demo/comments?page=${encodeURIComponent(PAGE)}`)).json()) as any).page.commentCount;
    const before = await countBefore();

    const page = await dashboard();
    await page.goto(`${server.url}/admin#/queue/all`);
    for (const id of [parent.comment.id, gone.comment.id]) {
      const card = page.locator(`[data-comment-id="${id}"]`);
      await card.waitFor();
      await expect.poll(() => card.getByRole('heading').textContent()).toBe('Deleted by its author');
      for (const name of [/^Approve/, /^Reject/, /^Spam/, /^Keep/, /^Edit$/, /^Ban author/, /^Restore$/, /^Feature/]) {
        expect(await card.getByRole('button', { name }).count(), String(name)).toBe(0);
      }
      expect(await card.getByRole('checkbox').isDisabled()).toBe(true);
    }
    // The placeholder can be removed; the one already gone offers nothing.
    expect(await page.locator(`[data-comment-id="${gone.comment.id}"]`).getByRole('button').count()).toBe(0);
    // The keyboard cannot approve it either.
    await page.locator(`[data-comment-id="${parent.comment.id}"]`).click();
    await page.keyboard.press('a');
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('Its author deleted this comment');
    expect(await countBefore()).toBe(before);
    await page.locator(`[data-comment-id="${parent.comment.id}"]`).getByRole('button', { name: 'Remove placeholder' }).click();
    await expect.poll(async () => (await owner.request('GET', '/comments?site=demo&status=deleted')).body.comments.some((c: any) => c.id === parent.comment.id)).toBe(true);
    expect(await countBefore()).toBe(before);
    await page.context().close();
  });

  it('marks the words that held a comment in its text, as text', async () => {
    expect((await owner.request('PATCH', '/sites/demo', { wordLists: { banned: [], suspect: ['scam'] } })).status).toBe(200);
    const held = await postComment({ authorName: 'Mallory', body: 'This is a SCAM <img src=x onerror="window.pwned=1"> and a s.c.a.m too, not a scampi.' });
    const page = await dashboard();
    await page.goto(`${server.url}/admin#/queue/pending`);
    const body = page.locator(`[data-comment-id="${held.comment.id}"] .item-body`);
    await body.waitFor();
    await expect.poll(() => body.locator('mark.held-word').allTextContents()).toEqual(['SCAM', 's.c.a.m']);
    expect(await body.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => (window as any).pwned)).toBeUndefined();
    await page.context().close();
  });

  it('says a broadcast is queued while its emails wait, and sent once they have left', async () => {
    const created = await owner.request('POST', '/broadcasts', { site: 'demo', subject: 'Morning briefing', body: 'Hello' });
    const imported = await owner.request('POST', '/subscribers/import', { site: 'demo', csv: 'email\nfan@example.com\n', consented: true });
    expect(imported.status).toBeLessThan(300);
    expect((await owner.request('POST', `/broadcasts/${created.body.broadcast.id}/send`)).status).toBeLessThan(300);

    const page = await dashboard();
    await page.goto(`${server.url}/admin#/newsletter`);
    const chip = page.locator('[data-delivery]').first();
    await expect.poll(() => chip.getAttribute('data-delivery')).toBe('queued');
    expect(await chip.textContent()).toBe('Queued');
    await expect.poll(() => page.getByText('0 of 1 sent · 1 waiting').count()).toBe(1);

    const drained = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/parley.ts', 'outbox', 'drain'], { cwd: ROOT, env: { ...process.env, DATABASE_PATH: server.dbPath }, encoding: 'utf8', timeout: 60_000 });
    expect(drained.status, drained.stderr).toBe(0);
    await page.reload();
    await expect.poll(() => page.locator('[data-delivery]').first().getAttribute('data-delivery')).toBe('sent');
    await expect.poll(() => page.getByText('1 of 1 sent').count()).toBe(1);
    await page.context().close();
  });

  it('keeps one content width, the toast off the Save / Discard bar, and the tabs in one scrolling row on a phone', async () => {
    const page = await dashboard();
    const widths: number[] = [];
    for (const route of ['#/queue/all', '#/settings', '#/bans', '#/audit', '#/newsletter']) {
      await page.goto(`${server.url}/admin${route}`);
      await page.locator('main h1').first().waitFor();
      widths.push(Math.round((await page.locator('main > div, main > .page').first().boundingBox())!.width));
    }
    expect(new Set(widths).size, widths.join(', ')).toBe(1);
    await page.context().close();

    for (const width of [1280, 375]) {
      const p = await dashboard(width);
      await p.goto(`${server.url}/admin#/settings`);
      await p.locator('#name').waitFor();
      await p.locator('#editWindowMinutes').fill('20');
      await p.getByRole('button', { name: 'Save settings' }).click();
      await p.getByText('Settings saved.').first().waitFor();
      await p.locator('#editWindowMinutes').fill('25');
      const toast = (await p.getByTestId('live-status').boundingBox())!;
      const bar = (await p.locator('.sticky-actions').boundingBox())!;
      expect(toast.y + toast.height, `toast over the bar at ${width}px`).toBeLessThanOrEqual(bar.y);
      if (width === 375) {
        await p.goto(`${server.url}/admin#/queue/pending`);
        const tabs = p.locator('.tabs ul');
        await tabs.waitFor();
        const row = await tabs.evaluate((ul) => ({ wrap: getComputedStyle(ul).flexWrap, overflow: getComputedStyle(ul).overflowX, tops: [...ul.children].map((li) => Math.round(li.getBoundingClientRect().top)) }));
        expect(row.wrap).toBe('nowrap');
        expect(row.overflow).toBe('auto');
        expect(new Set(row.tops).size).toBe(1);
        expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      }
      await p.context().close();
    }
  });

  it('refuses a logo that is not https and a colour that is not hex on the settings page, and saves good ones', async () => {
    const page = await dashboard();
    await page.goto(`${server.url}/admin#/settings`);
    await page.locator('#logoUrl').fill('http://news.example.com/logo.png');
    await page.locator('#accentColor').fill('red');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.locator('#logoUrl-error').waitFor();
    await page.locator('#accentColor-error').waitFor();
    expect((await owner.request('GET', '/sites/demo')).body.site.logoUrl).toBeNull();
    await page.locator('#logoUrl').fill('https://news.example.com/logo.png');
    await page.locator('#accentColor').fill('#B3261E');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved.').first().waitFor();
    const site = (await owner.request('GET', '/sites/demo')).body.site;
    expect([site.logoUrl, site.accentColor]).toEqual(['https://news.example.com/logo.png', '#B3261E']);
    await page.context().close();
  });

  it('the demo article loads with no console error (favicon included)', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('response', (r) => {
      if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
    });
    await page.goto(`${server.url}${PAGE}`);
    await page.waitForLoadState('networkidle');
    expect(errors).toEqual([]);
    await context.close();
  });
});
