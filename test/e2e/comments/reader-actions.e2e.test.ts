import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../support/browser.ts';
import { type ServerProcess, startServerProcess } from '../../support/server-process.ts';

let server: ServerProcess;
let browser: Browser;

/** Posts through the public API as a trusted script would (spam layers are off on this server). */
async function post(page: string, body: string, authorName = 'Seeder'): Promise<string> {
  const res = await fetch(`${server.url}/api/v1/sites/demo/comments`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: server.url },
    body: JSON.stringify({ page, authorName, body }),
  });
  if (res.status !== 201) throw new Error(`seed failed: ${res.status}`);
  return ((await res.json()) as { comment: { id: string } }).comment.id;
}

/** A host page on the server's origin, in a given language, with the widget for `key`. */
async function open(key: string, options: { lang?: string; hash?: string } = {}): Promise<{ page: Page; requests: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
  const requests: string[] = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  const html = `<!doctype html><html lang="${options.lang ?? 'en'}"><head><title>Story</title></head><body><h1>Story</h1>
    <div data-parley-comments data-page="${key}"></div>
    <script src="${server.url}/embed.js" data-site="demo" async></script></body></html>`;
  await page.route(`${server.url}/story**`, (route) => route.fulfill({ contentType: 'text/html', body: html }));
  await page.goto(`${server.url}/story${options.hash ?? ''}`);
  return { page, requests };
}

beforeAll(async () => {
  server = await startServerProcess({ SPAM_DEFENCES: 'off' });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('reader actions in Chromium', () => {
  it('up-votes a comment, keeps the vote across a reload, and takes it back', async () => {
    await post('/votes', 'A comment worth a vote.');
    const { page } = await open('/votes');
    const vote = page.getByRole('button', { name: 'Up-vote (0 votes)' });
    const answered = page.waitForResponse((r) => r.url().endsWith('/votes') && r.status() === 200);
    await vote.click();
    const voted = page.getByRole('button', { name: 'Up-vote (1 vote)' });
    await voted.waitFor();
    await answered;
    expect(await voted.getAttribute('aria-pressed')).toBe('true');
    await page.reload();
    await voted.waitFor();
    expect(await voted.getAttribute('aria-pressed')).toBe('true');
    await voted.click();
    await page.getByRole('button', { name: 'Up-vote (0 votes)' }).waitFor();
    expect(await page.getByRole('button', { name: 'Up-vote (0 votes)' }).getAttribute('aria-pressed')).toBe('false');
    await page.close();
  }, 60_000);

  it('edits and then deletes your own comment, with the keyboard', async () => {
    const { page } = await open('/own');
    await page.getByLabel('Comment', { exact: true }).fill('I think the **vote** was 7 to 2.');
    await page.getByLabel('Name').fill('Keyboard Reader');
    await page.getByRole('button', { name: 'Post comment' }).click();
    const body = page.locator('article').filter({ hasText: 'I think the vote was 7 to 2.' });
    await body.waitFor();
    // No vote button on your own comment.
    expect(await body.getByRole('button', { name: /Up-vote/ }).count()).toBe(0);

    await body.getByRole('button', { name: 'Edit' }).focus();
    await page.keyboard.press('Enter');
    const editor = page.getByLabel('Edit your comment');
    await expect.poll(() => editor.inputValue()).toBe('I think the **vote** was 7 to 2.');
    await editor.fill('I think the **vote** was 6 to 3.');
    await page.getByRole('button', { name: 'Save' }).click();
    const edited = page.locator('article').filter({ hasText: 'I think the vote was 6 to 3.' });
    await edited.waitFor();
    expect(await edited.getByText('edited').count()).toBe(1);
    expect(await edited.locator('strong').textContent()).toBe('vote');

    await edited.getByRole('button', { name: 'Delete' }).click();
    await page.getByText('Delete this comment? This cannot be undone.').waitFor();
    // The confirm's Delete button takes the focus (a frame after the confirm shows), so Enter deletes.
    await expect
      .poll(() => page.evaluate(() => (document.querySelector('[data-parley-comments]')?.shadowRoot?.activeElement as HTMLElement | null)?.closest('.confirm') != null))
      .toBe(true);
    await page.keyboard.press('Enter');
    await page.getByText('No comments yet. Start the conversation.').waitFor();
    await page.reload();
    await page.getByText('No comments yet. Start the conversation.').waitFor();
    await page.close();
  }, 60_000);

  it('opens a permalink to a comment beyond the first page and highlights it', async () => {
    const oldest = await post('/long', 'The very first comment, long ago.', 'Early Bird');
    for (let i = 0; i < 22; i++) await post('/long', `Later comment number ${i}.`);
    const { page } = await open('/long', { hash: `#comment-${oldest}` });
    const target = page.locator(`#comment-${oldest}`);
    await target.waitFor();
    expect(await target.textContent()).toContain('The very first comment, long ago.');
    await expect.poll(() => target.evaluate((el) => el.classList.contains('highlight'))).toBe(true);
    await expect.poll(() => target.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= innerHeight;
    })).toBe(true);
    await page.close();
  }, 60_000);

  it('speaks Arabic right to left on an Arabic page, loading only that locale', async () => {
    await post('/arabic', 'تعليق تجريبي');
    const { page, requests } = await open('/arabic', { lang: 'ar' });
    await page.getByRole('heading', { name: '1 تعليق' }).waitFor();
    const dir = await page.locator('[data-parley-comments]').evaluate((host) => host.shadowRoot!.querySelector('div')!.getAttribute('dir'));
    expect(dir).toBe('rtl');
    const direction = await page.getByRole('heading', { name: '1 تعليق' }).evaluate((el) => getComputedStyle(el).direction);
    expect(direction).toBe('rtl');
    const locales = requests.filter((p) => /\/locale-[a-z]{2}-/.test(p));
    expect(locales.length).toBeGreaterThan(0);
    expect(locales.every((p) => p.includes('/locale-ar-'))).toBe(true);
    await page.close();
  }, 60_000);
});
