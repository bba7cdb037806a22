import Database from 'better-sqlite3';
import { sign } from 'hono/jwt';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../support/browser.ts';
import { adminApi } from '../../support/dashboard.ts';
import { type ServerProcess, startServerProcess } from '../../support/server-process.ts';

const SSO_SECRET = 'e2e-sso-secret-e2e-sso-secret-e2e-sso-secret';
const OWNER = { email: 'owner@example.com', password: 'a long owner password' };
let server: ServerProcess;
let browser: Browser;

/** A host page on the server's origin with the widget for `key` (and a publisher SSO token). */
async function open(key: string, sso?: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
  const html = `<!doctype html><html lang="en"><head><title>Story</title></head><body><h1>Story</h1>
    <div data-parley-comments data-page="${key}"${sso ? ` data-sso="${sso}"` : ''}></div>
    <script src="${server.url}/embed.js" data-site="demo" async></script></body></html>`;
  await page.route(`${server.url}/story**`, (route) => route.fulfill({ contentType: 'text/html', body: html }));
  await page.goto(`${server.url}/story`);
  await page.getByRole('heading', { name: /comment/i }).first().waitFor();
  return page;
}

/** The newest email to an address, as the development mailbox shows it (no Resend key set). */
async function lastMailTo(email: string): Promise<string> {
  const owner = await adminApi(server.url, OWNER);
  const { body } = await owner.request('GET', `/mailbox?site=demo&to=${encodeURIComponent(email)}`);
  const [newest] = body.messages as { kind: string; text: string }[];
  if (!newest) throw new Error(`no mail to ${email}`);
  expect(newest.kind).toBe('sign-in');
  return newest.text;
}

beforeAll(async () => {
  server = await startServerProcess({ SPAM_DEFENCES: 'off', PARLEY_ADMIN_EMAIL: OWNER.email, PARLEY_ADMIN_PASSWORD: OWNER.password });
  browser = await launchBrowser();
  const db = new Database(server.dbPath);
  db.prepare("update sites set sso_secret = ? where id = 'demo'").run(SSO_SECRET);
  db.close();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('reader sign-in in Chromium', () => {
  it('signs in with a magic link, comments verified, stays signed in, and signs out', async () => {
    const page = await open('/signin');
    await page.getByRole('button', { name: 'Sign in with email' }).click();
    await page.getByLabel('Email address').fill('grace@example.com');
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await page.getByText('Check your inbox for a sign-in link').waitFor();

    const link = /http\S+#parley-signin=[\w-]+/.exec(await lastMailTo('grace@example.com'))![0];
    expect(new URL(link).pathname).toBe('/story');
    // The reader opens the link from their inbox: a fresh page load of the article.
    await page.goto('about:blank');
    await page.goto(link);
    // Signed in, the form says so; sign out and the reader's data are in a small menu.
    const account = page.getByRole('button', { name: 'Account' });
    await account.waitFor();
    // The spent token is taken out of the address bar.
    expect(page.url()).not.toContain('parley-signin');
    // A magic-link identity has no name yet: the form asks for one, but not for an email.
    expect(await page.getByLabel('Email (optional)').isVisible()).toBe(false);
    await page.getByLabel('Comment', { exact: true }).fill('Signed in by a link from my inbox.');
    await page.getByLabel('Name').fill('Grace');
    await page.getByRole('button', { name: 'Post comment' }).click();
    const mine = page.locator('article').filter({ hasText: 'Signed in by a link from my inbox.' });
    await mine.waitFor();
    expect(await mine.getByText('Verified').count()).toBe(1);

    await page.reload();
    await account.click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in with email' }).waitFor();
    expect(await page.getByLabel('Email (optional)').isVisible()).toBe(true);
    await page.close();
  }, 60_000);

  it('takes the reader from the host page (SSO), exports and deletes their data', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await sign({ sub: '4711', name: 'Hopper', email: 'hopper@example.com', avatar: 'https://example.com/h.png', iat: now, exp: now + 600 }, SSO_SECRET);
    const page = await open('/sso', token);
    await page.getByText('Signed in as Hopper').waitFor();
    // The verified mark beside the name, the name field hidden, the menu closed.
    expect(await page.locator('.account .who').innerText()).toMatch(/^Signed in as Hopper\s*✓\s*Account/);
    expect(await page.getByLabel('Name').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
    await page.getByLabel('Comment', { exact: true }).fill('Posted through the publisher’s sign-in.');
    await page.getByRole('button', { name: 'Post comment' }).click();
    const mine = page.locator('article').filter({ hasText: 'Posted through the publisher’s sign-in.' });
    await mine.waitFor();
    expect(await mine.locator('img.avatar').getAttribute('src')).toBe('https://example.com/h.png');
    expect(await mine.getByText('Hopper', { exact: true }).count()).toBe(1);

    await page.getByRole('button', { name: 'Account' }).click();
    expect(await page.getByRole('button', { name: 'Account' }).getAttribute('aria-expanded')).toBe('true');
    // Deleting is marked as the dangerous one: the error colour, not the muted one of the others.
    const colour = (name: string) => page.getByRole('button', { name, exact: true }).evaluate((el) => getComputedStyle(el).color);
    expect(await colour('Delete my data')).not.toBe(await colour('Sign out'));
    expect(await colour('Download my data')).toBe(await colour('Sign out'));
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download my data' }).click();
    const file = await download;
    const data = JSON.parse(await (await file.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8')));
    expect(data.identity).toMatchObject({ name: 'Hopper', kind: 'sso' });
    expect(data.comments.map((c: { body: string }) => c.body)).toEqual(['Posted through the publisher’s sign-in.']);

    await page.getByRole('button', { name: 'Delete my data' }).click();
    await page.getByText('Delete your comments, votes and subscriptions on this site?').waitFor();
    await page.getByRole('group', { name: 'Delete my data' }).getByRole('button', { name: 'Delete my data' }).click();
    // The page reloads without the reader's comment, and signed in afresh by the host page's token.
    await page.getByText('No comments yet. Start the conversation.').waitFor();
    await page.close();
  }, 60_000);
});
