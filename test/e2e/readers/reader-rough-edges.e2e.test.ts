import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Database from 'better-sqlite3';
import { sign } from 'hono/jwt';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../support/browser.ts';
import { type ServerProcess, startServerProcess } from '../../support/server-process.ts';

/** What a first-time reader met (issue 14): each test is one rough edge, in real Chromium. */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SSO_SECRET = 'e2e-sso-secret-e2e-sso-secret-e2e-sso-secret';
let server: ServerProcess;
let browser: Browser;

async function post(page: string, body: string, authorName = 'Seeder', site = 'demo'): Promise<string> {
  const res = await fetch(`${server.url}/api/v1/sites/${site}/comments`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: server.url },
    body: JSON.stringify({ page, authorName, body }),
  });
  if (res.status !== 201) throw new Error(`seed failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { comment: { id: string } }).comment.id;
}

interface OpenOptions {
  lang?: string;
  sso?: string;
  site?: string;
  theme?: 'light' | 'dark';
  width?: number;
  /** The host page's own style (else white; black with the dark theme). */
  pageStyle?: string;
  /** Inline style on the widget's element (its CSS custom properties). */
  hostStyle?: string;
}

/** A host page on the server's origin with the widget for `key`. */
async function open(key: string, options: OpenOptions = {}, browserPage?: Page): Promise<{ page: Page; requests: string[] }> {
  const page = browserPage ?? (await browser.newPage({ viewport: { width: options.width ?? 1000, height: 900 } }));
  const requests: string[] = [];
  page.on('request', (r) => requests.push(`${r.method()} ${new URL(r.url()).pathname}`));
  const html = `<!doctype html><html lang="${options.lang ?? 'en'}"><head><title>Story</title><meta name="viewport" content="width=device-width"></head>
    <body style="margin:0;padding:8px;${options.pageStyle ?? (options.theme === 'dark' ? 'background:#000' : '')}"><main><h1>Story</h1>
    <div data-parley-comments data-page="${key}"${options.theme ? ` data-theme="${options.theme}"` : ''}${options.sso ? ` data-sso="${options.sso}"` : ''}${options.hostStyle ? ` style="${options.hostStyle}"` : ''}></div></main>
    <script src="${server.url}/embed.js" data-site="${options.site ?? 'demo'}" async></script></body></html>`;
  await page.route(`${server.url}/story**`, (route) => route.fulfill({ contentType: 'text/html', body: html }));
  await page.goto(`${server.url}/story`);
  await page.locator('[data-parley-comments] h2').waitFor();
  return { page, requests };
}

beforeAll(async () => {
  server = await startServerProcess({ SPAM_DEFENCES: 'off' });
  browser = await launchBrowser();
  // A second site that holds every comment for review (pre-moderation), same origin.
  const db = new Database(server.dbPath);
  db.prepare("insert into sites (id, name, allowed_origins, moderation_mode, settings, created_at, updated_at) select 'held', 'Held', allowed_origins, 'pre', settings, created_at, updated_at from sites where id = 'demo'").run();
  db.prepare("update sites set sso_secret = ? where id = 'demo'").run(SSO_SECRET);
  db.close();
});

/** axe-core over the page (it reads open shadow roots), violations as readable lines. */
async function violations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  });
  return result.violations.map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
}
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('what a first-time reader meets, in Chromium', () => {
  it("keeps a reader's own comment awaiting review across a reload, for them alone", async () => {
    const { page } = await open('/held', { site: 'held' });
    await page.getByLabel('Comment', { exact: true }).fill('Held for review, but mine to see.');
    await page.getByLabel('Name').fill('Patient Reader');
    await page.getByRole('button', { name: 'Post comment' }).click();
    const mine = page.locator('article').filter({ hasText: 'Held for review, but mine to see.' });
    await mine.getByText('Awaiting review — only you can see this.').waitFor();

    await page.reload();
    await mine.getByText('Awaiting review — only you can see this.').waitFor();
    // Still theirs to take back.
    expect(await mine.getByRole('button', { name: 'Delete' }).count()).toBe(1);

    // Another reader (another browser profile) sees the thread without it.
    const context = await browser.newContext();
    const { page: other } = await open('/held', { site: 'held' }, await context.newPage());
    await other.getByText('No comments yet. Start the conversation.').waitFor();
    expect(await other.getByText('Held for review, but mine to see.').count()).toBe(0);
    await context.close();
    await page.close();
  }, 60_000);

  it('counts characters near the limit, never cuts a long text short, and does not send it over the limit', async () => {
    const { page, requests } = await open('/long');
    const box = page.getByLabel('Comment', { exact: true });
    await box.fill('a'.repeat(20_000));
    // Nothing was silently dropped.
    expect((await box.inputValue()).length).toBe(20_000);
    await page.locator('.counter').getByText('10,000 characters too long: comments can have up to 10,000. Please shorten it.').waitFor();
    await page.getByLabel('Name').fill('Long Writer');
    await page.getByRole('button', { name: 'Post comment' }).click();
    // Beside the field (and announced in the live region).
    await page.locator('.field-error').getByText('10,000 characters too long').waitFor();
    await expect.poll(() => page.getByRole('status').innerText()).toContain('10,000 characters too long');
    expect(await box.getAttribute('aria-invalid')).toBe('true');
    expect(await box.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true);
    expect(requests.filter((r) => r === 'POST /api/v1/sites/demo/comments')).toEqual([]);

    await box.fill('a'.repeat(9_500));
    await page.locator('.counter').getByText('500 characters left').waitFor();
    await box.fill('A short one after all.');
    expect(await page.getByText(/characters left/).count()).toBe(0);
    await page.close();
  }, 60_000);

  it('folds a long published comment behind "Read more"', async () => {
    const long = Array.from({ length: 12 }, (_, i) => `Paragraph ${i + 1}: ${'the council voted on the budget again and again. '.repeat(4)}`).join('\n\n');
    await post('/fold', long);
    await post('/fold', 'A short reply-sized comment.');
    const { page } = await open('/fold');
    const article = page.locator('article').filter({ hasText: 'Paragraph 1:' });
    const more = article.getByRole('button', { name: 'Read more' });
    await more.waitFor();
    const body = article.locator('.body');
    const folded = (await body.boundingBox())!.height;
    expect(await page.locator('article').filter({ hasText: 'A short reply-sized' }).getByRole('button', { name: 'Read more' }).count()).toBe(0);
    await more.click();
    expect((await body.boundingBox())!.height).toBeGreaterThan(folded * 2);
    expect(await article.getByRole('button', { name: 'Read more' }).count()).toBe(0);
    await page.close();
  }, 60_000);

  it('shows a Markdown image as a link named by its alt text, without a stray "!"', async () => {
    await post('/image', 'Look: ![the turnout chart](https://example.com/chart.png)');
    const { page } = await open('/image');
    const article = page.locator('article').filter({ hasText: 'Look:' });
    await article.waitFor();
    expect((await article.locator('.body').innerText()).trim()).toBe('Look: the turnout chart');
    expect(await article.getByRole('link', { name: 'the turnout chart' }).getAttribute('href')).toBe('https://example.com/chart.png');
    await page.close();
  }, 60_000);

  it('starts a report with no reason chosen and asks for one', async () => {
    await post('/report', 'A comment someone may report.');
    const { page, requests } = await open('/report');
    await page.getByRole('button', { name: 'Report' }).click();
    const group = page.getByRole('group', { name: 'Why should our moderators look at this comment?' });
    await group.waitFor();
    for (const radio of await group.getByRole('radio').all()) expect(await radio.isChecked()).toBe(false);
    await page.getByRole('button', { name: 'Send report' }).click();
    await page.getByText('Choose a reason first.').waitFor();
    expect(requests.some((r) => r.endsWith('/flags'))).toBe(false);
    await group.getByRole('radio', { name: 'Off topic' }).check();
    await page.getByRole('button', { name: 'Send report' }).click();
    await page.getByText('Thank you. Our moderators will take a look.').first().waitFor();
    await page.close();
  }, 60_000);

  it('gives vote, reply and report 44 × 44 px targets on a phone', async () => {
    await post('/touch', 'A comment to tap on.');
    const { page } = await open('/touch', { width: 375 });
    const article = page.locator('article').filter({ hasText: 'A comment to tap on.' });
    await article.waitFor();
    for (const name of [/Up-vote/, 'Reply', 'Report']) {
      const box = (await article.getByRole('button', { name }).boundingBox())!;
      expect(box.width, String(name)).toBeGreaterThanOrEqual(44);
      expect(box.height, String(name)).toBeGreaterThanOrEqual(44);
    }
    // The buttons still fit the phone's width.
    expect((await article.boundingBox())!.width).toBeLessThanOrEqual(375);
    await page.close();
  }, 60_000);

  it('pads the dark panel so its text keeps off the edge', async () => {
    await post('/dark', 'Dark mode words.');
    const { page } = await open('/dark', { theme: 'dark' });
    const panel = (await page.locator('section.parley').boundingBox())!;
    const heading = (await page.locator('section.parley h2').boundingBox())!;
    const text = (await page.locator('article .body').first().boundingBox())!;
    expect(heading.x - panel.x).toBeGreaterThanOrEqual(12);
    expect(text.x - panel.x).toBeGreaterThanOrEqual(12);
    expect(heading.y - panel.y).toBeGreaterThanOrEqual(12);
    await page.close();
  }, 60_000);

  it('tells the author how long they can still edit, and makes Save the primary button', async () => {
    const { page } = await open('/edit-window');
    await page.getByLabel('Comment', { exact: true }).fill('Written in haste.');
    await page.getByLabel('Name').fill('Hasty');
    await page.getByRole('button', { name: 'Post comment' }).click();
    const mine = page.locator('article').filter({ hasText: 'Written in haste.' });
    await mine.getByText(/^You can edit for 1[45] more minutes$/).waitFor();
    await mine.getByRole('button', { name: 'Edit' }).click();
    const save = page.getByRole('button', { name: 'Save' });
    await save.waitFor();
    expect(await save.getAttribute('class')).toContain('primary');
    const colours = await save.evaluate((el) => [getComputedStyle(el).backgroundColor, getComputedStyle(el.nextElementSibling!).backgroundColor]);
    expect(colours[0]).not.toBe(colours[1]);
    await page.close();
  }, 60_000);

  it("keeps its text off its panel's edge on a coloured page, and its buttons' text on a transparent one", async () => {
    await post('/host-colours', 'A comment to read on any page.');
    const styleOf = (page: Page, selector: string, property: 'backgroundColor' | 'color' | 'paddingLeft') =>
      page.locator(`[data-parley-comments] ${selector}`).first().evaluate((el, p) => getComputedStyle(el)[p], property);
    // A cream page: a white panel, padded, in light mode as in dark.
    for (const colorScheme of ['light', 'dark'] as const) {
      const cream = await open('/host-colours', { pageStyle: 'background:#f3efe6' }, await browser.newPage({ colorScheme }));
      expect(await styleOf(cream.page, '.parley', 'backgroundColor')).toBe(colorScheme === 'light' ? 'rgb(255, 255, 255)' : 'rgb(31, 31, 34)');
      expect(await styleOf(cream.page, '.parley', 'paddingLeft')).toBe('16px');
      expect(await violations(cream.page)).toEqual([]);
      await cream.page.close();
    }
    // The page's own background (--parley-bg: transparent): the accent buttons keep their text.
    for (const [colorScheme, pageStyle, text] of [
      ['light', 'background:#f3efe6', 'rgb(255, 255, 255)'],
      ['dark', 'background:#202020;color:#eee', 'rgb(31, 31, 34)'],
    ] as const) {
      const clear = await open('/host-colours', { pageStyle, hostStyle: '--parley-bg: transparent' }, await browser.newPage({ colorScheme }));
      expect(await styleOf(clear.page, '.parley', 'backgroundColor')).toBe('rgba(0, 0, 0, 0)');
      expect(await styleOf(clear.page, 'button.primary', 'color')).toBe(text);
      expect(await violations(clear.page)).toEqual([]);
      await clear.page.close();
    }
  }, 60_000);

  it('keeps the Markdown syntax behind a small "Formatting help" toggle', async () => {
    const { page } = await open('/help');
    expect(await page.getByText('**bold**').count()).toBe(0);
    const toggle = page.getByRole('button', { name: 'Formatting help' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    await page.getByText('**bold**', { exact: true }).waitFor();
    await page.getByText('[link](https://…)', { exact: true }).waitFor();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await page.close();
  }, 60_000);

  it('lets English in an Arabic page, and Arabic in an English one, read in its own direction', async () => {
    await post('/bidi', 'The mayor said the vote was fair.', 'Jane Smith');
    await post('/bidi', 'قال رئيس البلدية إن التصويت كان نزيهًا.\n\n> The vote was fair.', 'سارة');
    for (const lang of ['ar', 'en']) {
      const { page } = await open('/bidi', { lang });
      await page.locator('article').nth(1).waitFor();
      const direction = (text: string, selector: string) =>
        page.locator('article').filter({ hasText: text }).locator(selector).first().evaluate((el) => getComputedStyle(el).direction);
      expect(await direction('The mayor said', '.body p')).toBe('ltr');
      expect(await direction('The mayor said', '.author')).toBe('ltr');
      expect(await direction('قال رئيس', '.body > p')).toBe('rtl');
      expect(await direction('قال رئيس', '.author')).toBe('rtl');
      expect(await direction('قال رئيس', 'blockquote p')).toBe('ltr');
      await page.close();
    }
  }, 60_000);

  it('shows "Signed in as <name> ✓" and a small account menu, all accessible in light and dark, English and Arabic', async () => {
    await post('/menu', Array.from({ length: 10 }, () => 'A long comment that folds away behind Read more. '.repeat(5)).join('\n\n'));
    const now = Math.floor(Date.now() / 1000);
    const sso = await sign({ sub: 'menu-1', name: 'Menu Reader', iat: now, exp: now + 600 }, SSO_SECRET);
    for (const [lang, theme] of [['en', 'light'], ['ar', 'dark']] as const) {
      const { page } = await open('/menu', { lang, theme, sso });
      const who = page.locator('.account .who');
      await who.waitFor();
      expect(await who.innerText()).toContain('Menu Reader');
      expect(await who.innerText()).toContain('✓');
      await who.getByRole('button').click();
      await page.locator('.account .menu').waitFor();
      await page.locator('.account .danger-link').click();
      await page.locator('.account .confirm').waitFor();
      await page.locator('.field .help').click();
      await page.locator('textarea').first().fill('x'.repeat(10_050));
      await page.locator('form button[type=submit]').first().click();
      await page.locator('.field-error').first().waitFor();
      expect(await violations(page)).toEqual([]);
      await page.close();
    }
  }, 60_000);
});
