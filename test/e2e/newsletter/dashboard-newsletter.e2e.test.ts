import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../support/browser.ts';
import { type Admin, adminApi, signInDashboard } from '../../support/dashboard.ts';
import { type ServerProcess, startServerProcess } from '../../support/server-process.ts';

/**
 * The dashboard's newsletter sections in real Chromium against the real Node server, with the
 * development mailbox (no RESEND_API_KEY; the outbox drains every 200 ms): import subscribers,
 * write and send a newsletter, read it in the Mailbox, manage subscribers; and reader reports in
 * the moderation queue.
 */

const OWNER = { email: 'owner@example.com', password: 'owner-password-123' };
const PAGE = '/articles/harbour-wind-farm-approved';
const SHOTS = '/tmp';
const SUBJECT = 'The Harbour Courier this morning';

let server: ServerProcess;
let browser: Browser;
let owner: Admin;



async function openDashboard(options: { viewport?: { width: number; height: number }; colorScheme?: 'light' | 'dark' } = {}): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 900 }, colorScheme: options.colorScheme ?? 'light' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  // Console errors include Content Security Policy violations (the mail frame inherits the
  // policy). Restoring the session before signing in answers 401, as it should.
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !/status of 401/.test(msg.text())) errors.push(msg.text());
  });
  // The queue, which was the first page before the Overview took its place.
  await page.goto(`${server.url}/admin#/queue/pending`);
  return { context, page, errors };
}

const signIn = (page: Page) => signInDashboard(page, OWNER);

const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name, exact: true });
const liveStatus = (page: Page) => page.getByTestId('live-status');
const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

beforeAll(async () => {
  // No RESEND_API_KEY: mail stays in the development mailbox. TRUST_PROXY lets the test report a
  // comment as several readers (one report per address).
  // Comments and sign-ups are seeded through the public API as a trusted script would: spam layers off.
  server = await startServerProcess({ PARLEY_ADMIN_EMAIL: OWNER.email, PARLEY_ADMIN_PASSWORD: OWNER.password, OUTBOX_INTERVAL_MS: '200', TRUST_PROXY: '1', SPAM_DEFENCES: 'off' });
  browser = await launchBrowser();
  owner = await adminApi(server.url, OWNER);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('dashboard: newsletter, subscribers, mailbox', () => {
  it('imports subscribers, sends a test and a newsletter, shows both in the mailbox, and manages subscribers', async () => {
    const { context, page, errors } = await openDashboard();
    await signIn(page);

    // Import two people who agreed already (and one line that is not an address).
    await nav(page, 'Subscribers').click();
    await page.getByRole('heading', { name: 'Subscribers', level: 1 }).waitFor();
    await page.getByText('Nobody has subscribed yet').waitFor();
    await page.getByLabel('CSV', { exact: true }).fill('email,name\nada@example.com,Ada Lovelace\nnot-an-address,Nobody\nBen@Example.com,Ben\n');
    await page.getByLabel('These people already agreed to receive the newsletter (skip confirmation emails)').check();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const report = page.getByTestId('import-report');
    await report.waitFor();
    await expect.poll(() => report.textContent()).toContain('Imported 2 people, skipped 1.');
    await expect(report.textContent()).resolves.toContain('Line 3: not a valid email address');
    const ada = page.locator('tr[data-subscriber="ada@example.com"]');
    const ben = page.locator('tr[data-subscriber="ben@example.com"]');
    await ada.waitFor();
    await expect(ada.textContent()).resolves.toContain('Newsletter: confirmed');
    await expect(ben.textContent()).resolves.toContain('Newsletter: confirmed');

    // Write a newsletter: the preview formats it and shows typed HTML as text.
    await nav(page, 'Newsletter').click();
    await page.getByRole('heading', { name: 'Newsletter', level: 1 }).waitFor();
    await page.getByLabel('Subject', { exact: true }).fill(SUBJECT);
    await page.getByLabel('Newsletter', { exact: true }).fill('Good morning. **Three stories** you should read, starting with [the wind farm](https://example.com/wind).\n\n<script>alert(1)</script>');
    const preview = page.getByRole('tabpanel', { name: 'Preview' });
    await expect.poll(() => preview.locator('strong').textContent()).toBe('Three stories');
    await expect(preview.getByRole('link', { name: 'the wind farm' }).getAttribute('href')).resolves.toBe('https://example.com/wind');
    await expect(preview.locator('script').count()).resolves.toBe(0);
    await expect(preview.textContent()).resolves.toContain('<script>alert(1)</script>');
    await page.getByRole('tab', { name: 'Plain text' }).click();
    await expect(page.getByRole('tabpanel', { name: 'Plain text' }).textContent()).resolves.toContain('**Three stories**');
    await page.getByRole('tab', { name: 'Preview' }).click();

    // A test goes to the signed-in editor; the draft is listed.
    await page.getByRole('button', { name: 'Send test to me' }).click();
    await expect.poll(() => liveStatus(page).textContent()).toBe(`Sent a test of “${SUBJECT}” to ${OWNER.email}.`);
    const list = page.locator('table.broadcasts');
    await expect.poll(() => list.textContent()).toContain('Draft');
    await page.screenshot({ path: `${SHOTS}/parley-newsletter-compose.png`, fullPage: true });

    // Sending to everyone asks first, with the number of recipients.
    await page.getByRole('button', { name: 'Send to all subscribers…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Send to all subscribers?' });
    await dialog.waitFor();
    await expect.poll(() => dialog.getByTestId('recipient-count').textContent()).toBe('2 confirmed subscribers');
    await page.screenshot({ path: `${SHOTS}/parley-send-dialog.png` });
    await dialog.getByRole('button', { name: 'Send to 2 subscribers' }).click();
    await dialog.waitFor({ state: 'hidden' });

    // The broadcast's page follows it out of the outbox.
    await page.getByRole('heading', { name: SUBJECT, level: 1 }).waitFor();
    await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/^#\/newsletter\/[\w-]+$/);
    await expect.poll(() => page.locator('[data-count="sent"] dd').textContent(), { timeout: 10_000 }).toBe('2');
    await expect.poll(() => page.locator('.progress-label').textContent()).toBe('All 2 emails handled.');
    await expect(page.locator('[data-count="failed"] dd').textContent()).resolves.toBe('0');
    await page.screenshot({ path: `${SHOTS}/parley-broadcast-desktop.png`, fullPage: true });

    // The mailbox holds the newsletter to both and the test to the owner, kept locally.
    await nav(page, 'Mailbox').click();
    await page.getByRole('heading', { name: 'Mailbox', level: 1 }).waitFor();
    await page.getByText('Without RESEND_API_KEY').waitFor();
    const items = page.locator('.mail-item');
    await expect.poll(() => items.count()).toBe(3);
    await expect.poll(() => page.locator('.mail-item [data-status="local"]').count(), { timeout: 10_000 }).toBe(3);
    const summary = await items.evaluateAll((links) => links.map((a) => a.textContent ?? '').sort());
    expect(summary.filter((t) => t.includes('ada@example.com') && t.includes(SUBJECT) && t.includes('newsletter'))).toHaveLength(1);
    expect(summary.filter((t) => t.includes('ben@example.com') && t.includes(SUBJECT) && t.includes('newsletter'))).toHaveLength(1);
    expect(summary.filter((t) => t.includes(OWNER.email) && t.includes(`[Test] ${SUBJECT}`) && t.includes('test'))).toHaveLength(1);

    // Reading Ada's: the text part with a clickable unsubscribe link, the HTML part sandboxed.
    await items.filter({ hasText: 'ada@example.com' }).click();
    const message = page.getByRole('article', { name: SUBJECT });
    await message.waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('mail-subject');
    const text = message.getByTestId('mail-text');
    await expect(text.textContent()).resolves.toContain('**Three stories**');
    const unsubscribe = text.locator('a[href*="/newsletter/unsubscribe/"]');
    await expect(unsubscribe.count()).resolves.toBe(1);
    expect(await unsubscribe.getAttribute('href')).toMatch(new RegExp(`^${server.url}/newsletter/unsubscribe/\\S+$`));
    expect(await unsubscribe.getAttribute('target')).toBe('_blank');
    const frame = message.locator('iframe.mail-html');
    await expect(frame.getAttribute('sandbox')).resolves.toBe('');
    await expect(page.frameLocator('iframe.mail-html').locator('strong').first().textContent()).resolves.toBe('Three stories');
    await expect(page.frameLocator('iframe.mail-html').locator('script').count()).resolves.toBe(0);
    await page.screenshot({ path: `${SHOTS}/parley-mailbox-desktop.png`, fullPage: true });

    // Filtering by recipient.
    await page.getByLabel('Recipient').fill('ben@example.com');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => items.count()).toBe(1);
    await expect(items.first().textContent()).resolves.toContain('ben@example.com');

    // Subscribers: both confirmed; unsubscribing Ada moves her between the status filters.
    await nav(page, 'Subscribers').click();
    await page.getByLabel('Status').selectOption('confirmed');
    await expect.poll(() => page.locator('table.subscribers tbody tr').count()).toBe(2);
    await ada.getByRole('button', { name: /^Unsubscribe/ }).click();
    await expect.poll(() => liveStatus(page).textContent()).toBe('Unsubscribed ada@example.com from everything.');
    await expect(ada.textContent()).resolves.toContain('Newsletter: unsubscribed');
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('tr')?.getAttribute('data-subscriber'))).toBe('ada@example.com');
    await page.getByLabel('Status').selectOption('unsubscribed');
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/subscribers?status=unsubscribed');
    await expect.poll(() => page.locator('table.subscribers tbody tr').count()).toBe(1);
    await ada.waitFor();
    await page.getByLabel('Status').selectOption('confirmed');
    await expect.poll(() => page.locator('table.subscribers tbody tr').count()).toBe(1);
    await ben.waitFor();
    const confirmed = await owner.request('GET', '/subscribers?site=demo&status=confirmed&topic=newsletter');
    expect(confirmed.body.subscribers.map((s: { email: string }) => s.email)).toEqual(['ben@example.com']);

    // Export is a plain download link for the same filters.
    const exportHref = await page.getByRole('link', { name: /^Export CSV/ }).getAttribute('href');
    expect(exportHref).toBe('/api/v1/admin/sites/demo/subscribers/export?status=confirmed');

    // Deleting asks once more.
    await page.getByRole('link', { name: 'Clear filters' }).click();
    await expect.poll(() => page.locator('table.subscribers tbody tr').count()).toBe(2);
    await ada.getByRole('button', { name: /^Delete/ }).click();
    await ada.getByRole('group', { name: 'Delete ada@example.com?' }).getByRole('button', { name: 'Delete' }).click();
    await ada.waitFor({ state: 'detached' });
    await expect.poll(() => liveStatus(page).textContent()).toBe('Deleted ada@example.com.');
    const all = await owner.request('GET', '/subscribers?site=demo');
    expect(all.body.subscribers.map((s: { email: string }) => s.email)).toEqual(['ben@example.com']);

    // Sending the same broadcast again is refused.
    const sent = (await owner.request('GET', '/broadcasts?site=demo')).body.broadcasts[0];
    expect(sent.status).toBe('sent');
    expect((await owner.request('POST', `/broadcasts/${sent.id}/send`)).status).toBe(409);

    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);

  it('shows why readers reported a comment, and Keep clears the reports', async () => {
    const posted = await fetch(`${server.url}/api/v1/sites/demo/comments`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: server.url },
      body: JSON.stringify({ page: PAGE, authorName: 'Olaf', authorEmail: 'olaf@example.com', body: 'The turbines will ruin the view.' }),
    });
    expect(posted.status).toBe(201);
    const { comment } = (await posted.json()) as { comment: { id: string; status: string } };
    expect(comment.status).toBe('approved');
    // Three readers (below the default threshold? make sure): two say abuse, one spam.
    expect((await owner.request('PATCH', '/sites/demo', { flagThreshold: 10 })).status).toBe(200);
    const reports: [string, string, string?][] = [
      ['10.0.0.1', 'abuse', 'Insults the crews'],
      ['10.0.0.2', 'abuse'],
      ['10.0.0.3', 'spam'],
    ];
    for (const [ip, reason, note] of reports) {
      const res = await fetch(`${server.url}/api/v1/sites/demo/comments/${comment.id}/flags`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: server.url, 'X-Forwarded-For': ip },
        body: JSON.stringify(note ? { reason, note } : { reason }),
      });
      expect(res.status).toBe(201);
    }

    const { context, page, errors } = await openDashboard();
    await signIn(page);
    await page.getByRole('navigation', { name: 'Queues' }).getByRole('link', { name: /^Flagged/ }).click();
    const item = page.locator(`[data-comment-id="${comment.id}"]`);
    await item.waitFor();
    await expect(item.locator('.reports-title').textContent()).resolves.toBe('Reported: abuse ×2, spam ×1');
    await expect(item.locator('.reports-notes').textContent()).resolves.toContain('Insults the crews');
    await page.screenshot({ path: `${SHOTS}/parley-flagged-desktop.png`, fullPage: true });

    // Keep (a) leaves it published and takes it off the Flagged list.
    await expect(item.getByRole('button', { name: /^Approve/ }).count()).resolves.toBe(0);
    await item.getByRole('button', { name: /^Keep/ }).click();
    await item.waitFor({ state: 'detached' });
    await expect.poll(() => liveStatus(page).textContent()).toBe('Kept the comment by Olaf and cleared its reports.');
    await expect.poll(() => page.getByTestId('count-flagged').textContent()).toContain('0');
    const all = await owner.request('GET', `/comments?site=demo&status=all`);
    const kept = all.body.comments.find((c: { id: string }) => c.id === comment.id);
    expect(kept.status).toBe('approved');
    expect(kept.flagCount).toBe(0);
    expect(kept.flags).toBeNull();

    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('sends a story update to the readers who follow that article', async () => {
    const article = '/articles/harbour-wind-farm-approved';
    const follower = 'follower@example.com';
    const signup = await fetch(`${server.url}/api/v1/sites/demo/subscriptions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: server.url, 'X-Forwarded-For': '198.51.100.77' },
      body: JSON.stringify({ email: follower, topics: ['page'], page: article }),
    });
    expect(signup.status).toBe(202);
    await expect
      .poll(async () => (await owner.request('GET', `/mailbox?site=demo&to=${follower}`)).body.messages.length, { timeout: 10_000 })
      .toBe(1);
    const confirm = (await owner.request('GET', `/mailbox?site=demo&to=${follower}`)).body.messages[0];
    const link = /http:\/\/\S+\/newsletter\/confirm\/\S+/.exec(confirm.text)![0];
    expect((await fetch(link, { method: 'POST' })).status).toBe(200);

    const { context, page, errors } = await openDashboard();
    await signIn(page);
    await nav(page, 'Newsletter').click();
    await page.getByLabel('Article address or page key').fill(`${server.url}${article}`);
    await page.getByLabel('Update subject').fill('Update: grid permit granted');
    await page.getByLabel('Update (Markdown)').fill('The regulator approved the **grid connection** this morning.');
    await page.getByRole('button', { name: 'Send update to followers' }).click();
    await page.getByText('Update sent to 1 follower.').first().waitFor();
    await expect
      .poll(async () => (await owner.request('GET', `/mailbox?site=demo&to=${follower}`)).body.messages.map((m: any) => [m.kind, m.subject]), { timeout: 10_000 })
      .toContainEqual(['story', 'Update: grid permit granted']);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('fits a 375 px phone in dark mode: no sideways scrolling on the new pages', async () => {
    const { context, page, errors } = await openDashboard({ viewport: { width: 375, height: 812 }, colorScheme: 'dark' });
    await signIn(page);
    for (const [hash, shot] of [
      ['#/newsletter', 'parley-newsletter-375-dark'],
      ['#/subscribers', 'parley-subscribers-375-dark'],
      ['#/mailbox', 'parley-mailbox-375-dark'],
    ] as const) {
      await page.evaluate((h) => (location.hash = h), hash);
      await page.locator('#main h1').waitFor();
      await page.locator('#main [aria-busy="true"]').first().waitFor({ state: 'detached' });
      await page.waitForTimeout(150);
      expect(await fitsWidth(page)).toBe(true);
      await page.screenshot({ path: `${SHOTS}/${shot}.png`, fullPage: true });
    }

    // On a phone a message replaces the list, with a way back to it.
    await page.locator('.mail-item').first().click();
    await page.locator('.mail-message').waitFor();
    await expect(page.locator('.mail-list').isVisible()).resolves.toBe(false);
    expect(await fitsWidth(page)).toBe(true);
    await page.screenshot({ path: `${SHOTS}/parley-mail-message-375-dark.png`, fullPage: true });
    // (A full-page capture leaves frames below the first screen blank; this one shows the HTML part.)
    await page.locator('.mail-html').scrollIntoViewIfNeeded();
    await page.frameLocator('.mail-html').locator('strong').first().waitFor();
    await page.screenshot({ path: `${SHOTS}/parley-mail-html-375-dark.png` });
    await page.getByRole('link', { name: '← All messages' }).click();
    await page.locator('.mail-list').waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('mail-item'))).toBe(true);

    // A sent broadcast's page.
    await page.evaluate(() => (location.hash = '#/newsletter'));
    await page.locator('table.broadcasts a').first().click();
    await page.locator('.counts').waitFor();
    expect(await fitsWidth(page)).toBe(true);
    await page.screenshot({ path: `${SHOTS}/parley-broadcast-375-dark.png`, fullPage: true });

    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('lists a long list 200 at a time: Load more adds the next page and takes the keyboard to it', async () => {
    expect((await owner.request('POST', '/sites', { id: 'many', name: 'Many Readers' })).status).toBe(201);
    const csv = ['email', ...Array.from({ length: 250 }, (_, i) => `reader${String(i).padStart(3, '0')}@example.com`)].join('\n');
    const imported = await owner.request('POST', '/sites/many/subscribers/import', { csv, consented: true });
    expect(imported.body.imported).toBe(250);
    const { context, page, errors } = await openDashboard();
    await signIn(page);
    await page.evaluate(() => (location.hash = '#/subscribers?site=many'));
    const rows = page.locator('table.subscribers tbody tr');
    await expect.poll(() => rows.count()).toBe(200);
    await page.getByRole('heading', { name: 'The newest 200 subscribers' }).waitFor();
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => rows.count()).toBe(250);
    await page.getByRole('heading', { name: '250 subscribers' }).waitFor();
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
    // Each once, newest first (the import wrote them in order).
    const emails = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-subscriber')));
    expect(new Set(emails).size).toBe(250);
    // The keyboard is on the first row that came in.
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('tr')?.getAttribute('data-subscriber'))).toBe(emails[200]);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});
