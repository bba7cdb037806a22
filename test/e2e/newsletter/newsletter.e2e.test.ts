import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../support/browser.ts';
import { adminSession } from '../../support/dashboard.ts';
import { type ServerProcess, startServerProcess } from '../../support/server-process.ts';

const OWNER = { email: 'owner@example.com', password: 'a long owner password' };
let server: ServerProcess;
let browser: Browser;
let admin: { cookie: string; csrf: string };

beforeAll(async () => {
  // No RESEND_API_KEY: mail goes to the development mailbox, drained every 200 ms.
  server = await startServerProcess({ PARLEY_ADMIN_EMAIL: OWNER.email, PARLEY_ADMIN_PASSWORD: OWNER.password, OUTBOX_INTERVAL_MS: '200' });
  browser = await launchBrowser();
  admin = await adminSession(server.url, OWNER);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

interface Message {
  kind: string;
  to: string;
  subject: string;
  text: string;
  status: string;
}
async function mailbox(to: string): Promise<Message[]> {
  const res = await fetch(`${server.url}/api/v1/admin/mailbox?to=${encodeURIComponent(to)}`, { headers: { Cookie: admin.cookie } });
  return ((await res.json()) as { messages: Message[] }).messages;
}
async function adminPost(path: string, body: unknown) {
  const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: admin.cookie, 'X-CSRF-Token': admin.csrf }, body: JSON.stringify(body) });
  return (await res.json()) as any;
}

describe('newsletter, end to end in Chromium with the development mailbox', () => {
  it('subscribes on the demo article, confirms from the mailbox, receives a broadcast and unsubscribes in one click', async () => {
    const reader = 'reader@example.com';
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.locator('.newsletter').scrollIntoViewIfNeeded();
    await page.getByPlaceholder('Email address').fill(reader);
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.getByText('Almost done: check your inbox').waitFor();

    // The confirmation is in the development mailbox (and was printed by the server).
    await expect.poll(async () => (await mailbox(reader)).find((m) => m.kind === 'confirm')?.status, { timeout: 10_000 }).toBe('local');
    const confirm = (await mailbox(reader)).find((m) => m.kind === 'confirm')!;
    expect(server.output()).toContain(`[parley mailbox] to ${reader}: ${confirm.subject}`);
    const link = /http:\/\/\S+\/newsletter\/confirm\/\S+/.exec(confirm.text)![0];

    // Opening the link (as a mail scanner would) confirms nothing; the button does.
    await page.goto(link);
    await page.getByRole('button', { name: 'Confirm subscription' }).click();
    await page.getByRole('heading', { name: 'You are subscribed' }).waitFor();

    const { broadcast } = await adminPost('/api/v1/admin/broadcasts', { site: 'demo', subject: 'The Harbour Courier this morning', body: 'Good morning. **Three stories** you should read.' });
    await adminPost(`/api/v1/admin/broadcasts/${broadcast.id}/send`, {});
    await expect.poll(async () => (await mailbox(reader)).find((m) => m.kind === 'newsletter')?.status, { timeout: 10_000 }).toBe('local');
    const newsletter = (await mailbox(reader)).find((m) => m.kind === 'newsletter')!;
    expect(newsletter.subject).toBe('The Harbour Courier this morning');
    const unsubscribe = /Unsubscribe: (\S+)/.exec(newsletter.text)![1]!;

    // The mail client's one-click unsubscribe: a cookieless POST with the RFC 8058 body.
    const oneClick = await fetch(unsubscribe, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(oneClick.status).toBe(200);
    expect(await oneClick.text()).toBe('');
    const subscribers = (await (await fetch(`${server.url}/api/v1/admin/subscribers?site=demo`, { headers: { Cookie: admin.cookie } })).json()) as any;
    expect(subscribers.subscribers.find((s: any) => s.email === reader).topics).toEqual([{ topic: 'newsletter', status: 'unsubscribed' }]);

    // A second broadcast does not reach them.
    const second = await adminPost('/api/v1/admin/broadcasts', { site: 'demo', subject: 'Evening edition', body: 'Hello again.' });
    const sent = await adminPost(`/api/v1/admin/broadcasts/${second.broadcast.id}/send`, {});
    expect(sent.broadcast.recipients).toBe(0);
    await page.close();
  }, 60_000);
});
