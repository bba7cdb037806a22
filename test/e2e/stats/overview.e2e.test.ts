import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteStats } from '../../../admin/src/api/models.ts';
import { axeViolations } from '../../support/axe.ts';
import { launchBrowser } from '../../support/browser.ts';
import { adminApi, signInDashboard } from '../../support/dashboard.ts';
import { type ServerProcess, startServerProcess } from '../../support/server-process.ts';

/**
 * The dashboard's Overview in real Chromium against the real Node server. Most tests answer only
 * the stats request with fixed numbers (everything else, sign-in included, is the real server), so
 * the page is held to exactly those numbers, large ones and edge cases included; one test lets the
 * real stats route answer from a history written through the public API, and holds the page to it.
 */

const OWNER = { email: 'owner@example.com', password: 'owner-password-123' };
const MODERATOR = { email: 'moderator@example.com', password: 'moderator-password-123' };
const SHOTS = '/tmp';
const STORY_KEY = '/articles/harbour-wind-farm-approved';

let server: ServerProcess;
let browser: Browser;

const STATS: SiteStats = {
  site: 'demo',
  from: '2026-11-24',
  to: '2026-11-30',
  tz: 'Europe/Berlin',
  days: ['2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30'],
  comments: {
    published: [12, 30, 7, 0, 1450, 22, 9],
    held: [3, 4, 1, 0, 12, 2, 5],
    spam: [1, 0, 6, 0, 40, 3, 0],
    refused: [0, 2, 1, 0, 8, 0, 1],
  },
  topStories: [
    { pageId: 'p1', key: STORY_KEY, title: 'Harbour wind farm approved', url: `http://localhost${STORY_KEY}`, comments: 1210 },
    { pageId: 'p2', key: '/articles/tram-line', title: 'Tram line extension: “phase two”, explained', url: 'https://news.example/tram', comments: 95 },
  ],
  moderation: {
    queueNow: 17,
    decisions: 1543,
    medianSeconds: 754,
    p90Seconds: 13_380,
    byEditor: [
      { editorId: 'e1', email: 'owner@example.com', actions: 1200 },
      { editorId: 'e2', email: 'moderator@example.com', actions: 343 },
    ],
  },
  newsletter: {
    confirmed: [5000, 5012, 5020, 5019, 5120, 5131, 5140],
    gained: [14, 13, 9, 0, 104, 12, 10],
    lost: [2, 1, 1, 1, 3, 1, 1],
    signups: 200,
    signupsConfirmed: 162,
    confirmationRate: 0.81,
    bySource: [
      { pageId: 'p1', key: STORY_KEY, title: 'Harbour wind farm approved', url: `http://localhost${STORY_KEY}`, commentForm: 40, articleForm: 71 },
      { pageId: 'p2', key: '/articles/tram-line', title: 'Tram line extension', url: 'https://news.example/tram', commentForm: 3, articleForm: 0 },
    ],
  },
  email: {
    broadcasts: [
      { id: 'b1', subject: 'Weekend briefing, "wind" edition', sentAt: '2026-11-28T07:00:00.000Z', sent: 5100, delivered: 5040, bounced: 60, complained: 2, opened: 2310, clicked: 402 },
    ],
  },
};

const EMPTY: SiteStats = {
  ...STATS,
  comments: { published: [0, 0, 0, 0, 0, 0, 0], held: [0, 0, 0, 0, 0, 0, 0], spam: [0, 0, 0, 0, 0, 0, 0], refused: [0, 0, 0, 0, 0, 0, 0] },
  topStories: [],
  moderation: { queueNow: 0, decisions: 0, medianSeconds: null, p90Seconds: null, byEditor: [] },
  newsletter: { ...STATS.newsletter, bySource: [], signups: 0, signupsConfirmed: 0, confirmationRate: null },
  email: { broadcasts: [] },
};

const count = new Intl.NumberFormat('en-US');

interface Served {
  /** Every stats request the page made, as URLs. */
  requests: URL[];
  /** What the next stats requests are answered with. */
  answer: { status: number; body: unknown };
}

/**
 * A signed-in dashboard whose stats requests (and only those) are answered from `served`; the
 * context is English (US) in Berlin unless told otherwise.
 */
async function openOverview(
  options: {
    hash?: string;
    colorScheme?: 'light' | 'dark';
    viewport?: { width: number; height: number };
    timezoneId?: string;
    onPage?: (page: Page) => void;
    who?: typeof OWNER;
    /** Lift the page's CSP so that axe-core can be injected (only where axe runs). */
    axe?: boolean;
    /** Let the stats request reach the real server (its seeded history) instead of answering it here. */
    real?: boolean;
  } = {},
) {
  const context: BrowserContext = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 900 },
    colorScheme: options.colorScheme ?? 'light',
    locale: 'en-US',
    timezoneId: options.timezoneId ?? 'Europe/Berlin',
    bypassCSP: options.axe ?? false,
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  // Console errors include Content Security Policy violations (the charts' inline styles, say);
  // the 401 is the dashboard asking for a session before the sign-in.
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !/status of 401/.test(msg.text())) errors.push(msg.text());
  });
  options.onPage?.(page);
  const served: Served = { requests: [], answer: { status: 200, body: STATS } };
  if (!options.real) await page.route(/\/api\/v1\/admin\/sites\/[^/]+\/stats(\?|$)/, (route: Route) => {
    served.requests.push(new URL(route.request().url()));
    return route.fulfill({ status: served.answer.status, contentType: 'application/json', body: JSON.stringify(served.answer.body) });
  });
  await page.goto(`${server.url}/admin${options.hash ?? ''}`);
  await signInDashboard(page, options.who ?? OWNER);
  return { context, page, errors, served };
}

/** Waits until every chart is drawn (uPlot's canvas in each chart box). */
async function chartsDrawn(page: Page, expected = 3): Promise<void> {
  await expect.poll(() => page.locator('.chart canvas').count()).toBe(expected);
}

/** The cells of a table's body, row by row, as text. */
function tableCells(page: Page, figureTitle: string): Promise<string[][]> {
  return page
    .locator('figure', { has: page.getByRole('heading', { name: figureTitle, exact: true }) })
    .locator('table tbody tr')
    .evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent!.trim())));
}

/** Whether the chart of a figure has pixels of exactly this colour (a solid-filled bar or a line). */
function chartHasColour(page: Page, figureTitle: string, hex: string): Promise<boolean> {
  return page
    .locator('figure', { has: page.getByRole('heading', { name: figureTitle, exact: true }) })
    .locator('.chart canvas')
    .evaluate((canvas: HTMLCanvasElement, colour) => {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16));
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      for (let i = 0; i < data.length; i += 4) if (data[i] === r && data[i + 1] === g && data[i + 2] === b && data[i + 3] === 255) return true;
      return false;
    }, hex);
}

/** The first and last day a period of `days` asks for in `timeZone`, worked out apart from the dashboard's code. */
function expectedRange(days: number, timeZone: string): { from: string; to: string; tz: string } {
  const to = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  const [y, m, d] = to.split('-').map(Number) as [number, number, number];
  return { from: new Date(Date.UTC(y, m - 1, d - (days - 1))).toISOString().slice(0, 10), to, tz: timeZone };
}

const asked = (url: URL | undefined) => ({ from: url?.searchParams.get('from'), to: url?.searchParams.get('to'), tz: url?.searchParams.get('tz') });

beforeAll(async () => {
  server = await startServerProcess({ PARLEY_ADMIN_EMAIL: OWNER.email, PARLEY_ADMIN_PASSWORD: OWNER.password, SPAM_DEFENCES: 'off' });
  browser = await launchBrowser();
  const owner = await adminApi(server.url, OWNER);
  expect((await owner.request('POST', '/editors', { email: MODERATOR.email, name: 'Mo', role: 'moderator', password: MODERATOR.password })).status).toBe(201);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('overview', () => {
  for (const [theme, published] of [['light', '#1d7a3e'], ['dark', '#5bc885']] as const) {
    it(`is the first page and draws its charts from the stats in the ${theme} theme, with no axe violations`, async () => {
      const { context, page, errors } = await openOverview({ colorScheme: theme, axe: true });
      await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
      expect(await page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'Overview' }).getAttribute('aria-current')).toBe('page');
      await chartsDrawn(page);
      // The bars and the line are drawn in the theme's colours (custom properties, read when drawn).
      expect(await chartHasColour(page, 'Comments per day', published)).toBe(true);
      expect(await chartHasColour(page, 'Gained and lost per day', published)).toBe(true);
      // Switching the theme while the page is open redraws the charts in the other theme's colours.
      const other = theme === 'light' ? 'dark' : 'light';
      await page.emulateMedia({ colorScheme: other });
      await expect.poll(() => chartHasColour(page, 'Comments per day', other === 'dark' ? '#5bc885' : '#1d7a3e')).toBe(true);
      await page.emulateMedia({ colorScheme: theme });
      await expect.poll(() => chartHasColour(page, 'Comments per day', published)).toBe(true);

      // The headline numbers are the stats' own.
      const tile = (id: string) => page.getByTestId(id).locator('dd').first().textContent();
      expect(await tile('total-published')).toBe('1,530');
      expect(await tile('total-spam')).toBe('50');
      expect(await tile('queue-now')).toBe('17');
      expect(await tile('decisions')).toBe('1,543');
      expect(await tile('median-wait')).toBe('13 minutes');
      expect(await tile('p90-wait')).toBe('3 hours 43 minutes');
      expect(await tile('confirmed-now')).toBe('5,140');
      expect(await tile('confirmation-rate')).toBe('81%');
      const stories = await page.getByRole('table', { name: 'Stories with the most comments posted in this period' }).locator('tbody tr').allTextContents();
      expect(stories.map((s) => s.replace(/\s+/g, ' '))).toEqual(['Harbour wind farm approved: its comments in the queue1,210', 'Tram line extension: “phase two”, explained: its comments in the queue95']);
      const broadcast = page.getByRole('table', { name: 'Newsletters sent in this period and how their mail landed' }).locator('tbody td');
      expect(await broadcast.allTextContents()).toEqual(['Weekend briefing, "wind" edition', expect.stringContaining('2026'), '5,100', '5,040 98.8%', '60 1.2%', '2 0.04%', '2,310 45.8%', '402 8%']);

      await page.screenshot({ path: `${SHOTS}/parley-overview-${theme}.png`, fullPage: true });
      // Every part checked, the tables behind "Show as table" included.
      for (const summary of await page.locator('.chart-table summary').all()) await summary.click();
      await page.screenshot({ path: `${SHOTS}/parley-overview-${theme}-tables.png`, fullPage: true });
      expect(await axeViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  it('shows each chart’s numbers as a table, exactly the stats', async () => {
    const { context, page } = await openOverview();
    await chartsDrawn(page);
    for (const summary of await page.locator('.chart-table summary').all()) await summary.click();
    const days = (cells: string[][]) => cells.map((row) => row[0]);
    const comments = await tableCells(page, 'Comments per day');
    expect(comments.map((row) => row.slice(1))).toEqual(
      STATS.days.map((_, i) => [STATS.comments.published[i], STATS.comments.held[i], STATS.comments.spam[i], STATS.comments.refused[i]].map((n) => count.format(n!))),
    );
    expect(days(comments)[0]).toBe('Tue, Nov 24, 2026');
    // Pointing at a day reads its numbers out beside the chart (the middle of seven is the 27th).
    await page.locator('figure', { has: page.getByRole('heading', { name: 'Comments per day', exact: true }) }).locator('.chart').hover();
    await expect.poll(() => page.locator('.chart-readout').first().textContent()).toBe('Fri, Nov 27, 2026Published 0Held 0Spam 0Refused 0');
    expect(await page.locator('figure table tbody th time').first().getAttribute('datetime')).toBe('2026-11-24');
    expect((await tableCells(page, 'Confirmed subscribers')).map((row) => row.slice(1))).toEqual(STATS.newsletter.confirmed.map((n) => [count.format(n)]));
    expect((await tableCells(page, 'Gained and lost per day')).map((row) => row.slice(1))).toEqual(
      STATS.days.map((_, i) => [count.format(STATS.newsletter.gained[i]!), count.format(STATS.newsletter.lost[i]!)]),
    );
    const sources = await page.getByRole('table', { name: 'Newsletter sign-ups in this period by the story they came from' }).locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent)));
    expect(sources).toEqual([
      ['Harbour wind farm approved', '40', '71', '111'],
      ['Tram line extension', '3', '0', '3'],
    ]);
    await context.close();
  });

  it('downloads each series as CSV, exactly its numbers, named by site and days', async () => {
    const { context, page } = await openOverview();
    await chartsDrawn(page);
    const download = async (name: string) => {
      const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
      return { name: file.suggestedFilename(), text: readFileSync((await file.path())!, 'utf8') };
    };
    const comments = await download('Download CSV of comments per day');
    expect(comments.name).toBe('parley-demo-comments-2026-11-24-2026-11-30.csv');
    expect(comments.text).toBe(
      ['day,Published,Held,Spam,Refused', ...STATS.days.map((day, i) => [day, STATS.comments.published[i], STATS.comments.held[i], STATS.comments.spam[i], STATS.comments.refused[i]].join(','))].join('\r\n') + '\r\n',
    );
    const changes = await download('Download CSV of gained and lost per day');
    expect(changes.name).toBe('parley-demo-subscriber-changes-2026-11-24-2026-11-30.csv');
    expect(changes.text).toBe(['day,Gained,Lost', ...STATS.days.map((day, i) => `${day},${STATS.newsletter.gained[i]},${STATS.newsletter.lost[i]}`)].join('\r\n') + '\r\n');
    // A subject with a comma and quotes stays one field.
    const email = await download('Download CSV of the broadcasts');
    expect(email.name).toBe('parley-demo-email-2026-11-24-2026-11-30.csv');
    expect(email.text.split('\r\n')[1]).toBe(`"Weekend briefing, ""wind"" edition",2026-11-28T07:00:00.000Z,5100,5040,${5040 / 5100},60,${60 / 5100},2,${2 / 5040},2310,${2310 / 5040},402,${402 / 5040}`);
    await context.close();
  });

  it('asks for the chosen period’s days in the editor’s zone and keeps the choice in the URL', async () => {
    const zone = 'America/New_York';
    const before = [expectedRange(7, zone), expectedRange(30, zone), expectedRange(2, zone)];
    const { context, page, served } = await openOverview({ timezoneId: zone });
    await chartsDrawn(page);
    const period = (name: string) => page.getByRole('navigation', { name: 'Period' }).getByRole('link', { name });
    // Near midnight the day may turn during the test: either side of it is right.
    const either = (days: number, i: number) => [before[i], expectedRange(days, zone)];
    expect(either(7, 0)).toContainEqual(asked(served.requests.at(-1)));

    await period('Last 30 days').click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/overview?period=30d');
    await expect.poll(() => served.requests.length).toBe(2);
    expect(either(30, 1)).toContainEqual(asked(served.requests[1]));
    expect(await period('Last 30 days').getAttribute('aria-current')).toBe('page');

    await period('Last 24 hours').click();
    await expect.poll(() => served.requests.length).toBe(3);
    expect(either(2, 2)).toContainEqual(asked(served.requests[2]));

    // A reload (or a shared link) opens the same period.
    await page.reload();
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    await expect.poll(() => served.requests.length).toBe(4);
    expect(asked(served.requests[3])).toEqual(asked(served.requests[2]));
    expect(await period('Last 24 hours').getAttribute('aria-current')).toBe('page');
    await context.close();
  });

  it('loads the charting library only when the Overview shows a chart', async () => {
    // The dashboard's lazily loaded chunks, and whether each is the one with uPlot in it.
    const chunks: Promise<boolean>[] = [];
    const { context, page } = await openOverview({
      hash: '#/settings',
      onPage: (p) => p.on('response', (res) => {
        if (/\/admin\/admin-chunk-[A-Z0-9]+\.js$/.test(res.url())) chunks.push(res.text().then((js) => js.includes('u-cursor-pt')));
      }),
    });
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'Queue', exact: true }).click();
    await page.getByRole('heading', { name: /Pending/ }).waitFor();
    expect(await Promise.all(chunks)).not.toContain(true);
    await page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'Overview' }).click();
    await chartsDrawn(page);
    expect(await Promise.all(chunks)).toContain(true);
    await context.close();
  });

  it('links each story to its comments in the queue, and the queue keeps its address', async () => {
    const { context, page } = await openOverview();
    await page.getByRole('link', { name: /^Harbour wind farm approved\s*: its comments in the queue$/ }).click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#/queue/all?page=${encodeURIComponent(STORY_KEY)}`);
    await page.getByText('Only comments on').waitFor();
    await page.evaluate(() => (location.hash = '#/overview'));
    await page.getByRole('link', { name: 'Open the queue' }).click();
    await page.getByRole('heading', { name: /Pending/ }).waitFor();
    // The brand, the dashboard's home link, leads back to the Overview.
    await page.getByRole('link', { name: 'Parley moderation, home' }).click();
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    await context.close();
  });

  it('shows a moderator the same numbers, without a way into the owners’ newsletter pages', async () => {
    const { context, page, errors } = await openOverview({ who: MODERATOR });
    await chartsDrawn(page);
    expect(await page.getByTestId('queue-now').locator('dd').first().textContent()).toBe('17');
    const email = page.getByRole('table', { name: 'Newsletters sent in this period and how their mail landed' });
    await email.getByText('Weekend briefing, "wind" edition').waitFor();
    expect(await email.getByRole('link').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('says when the stats cannot be loaded, and when a period is empty', async () => {
    const { context, page, served } = await openOverview({ hash: '#/overview?period=90d' });
    served.answer = { status: 500, body: { error: { code: 'internal', message: 'The stats are resting.' } } };
    await page.reload();
    await page.getByRole('alert').filter({ hasText: 'Could not load the overview: The stats are resting.' }).waitFor();
    served.answer = { status: 200, body: EMPTY };
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByText('No comments were posted in this period.').waitFor();
    for (const text of ['No story drew comments in this period.', 'No editor acted in this period.', 'No sign-up came from a story in this period.', 'No newsletter was sent in this period.']) {
      await page.getByText(text).waitFor();
    }
    expect(await page.getByTestId('median-wait').locator('dd').first().textContent()).toBe('–');
    expect(await page.getByTestId('confirmation-rate').locator('dd').first().textContent()).toBe('–');
    await context.close();
  });

  it('fits a phone and a right-to-left page', async () => {
    const phone = await openOverview({ viewport: { width: 375, height: 812 }, colorScheme: 'dark' });
    await chartsDrawn(phone.page);
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    // The charts are as wide as their cards, not wider.
    const widths = await phone.page.locator('.chart').evaluateAll((charts) => charts.map((c) => [c.clientWidth, c.querySelector('canvas')!.getBoundingClientRect().width]));
    for (const [box, canvas] of widths) expect(canvas).toBeLessThanOrEqual(box!);
    expect(phone.errors).toEqual([]);
    await phone.page.screenshot({ path: `${SHOTS}/parley-overview-phone.png`, fullPage: true });
    // The same in parts at full size, to look at.
    const height = await phone.page.evaluate(() => document.documentElement.scrollHeight);
    for (let y = 0, part = 1; y < height; y += 1200, part++) {
      await phone.page.screenshot({ path: `${SHOTS}/parley-overview-phone-${part}.png`, fullPage: true, clip: { x: 0, y, width: 375, height: Math.min(1200, height - y) } });
    }
    await phone.context.close();

    const rtl = await openOverview();
    await chartsDrawn(rtl.page);
    // A narrower window redraws the charts to the new width of their cards.
    const canvasWidth = () => rtl.page.locator('.chart canvas').first().evaluate((c) => [c.getBoundingClientRect().width, c.closest('.chart')!.clientWidth]);
    const [wide] = await canvasWidth();
    await rtl.page.setViewportSize({ width: 700, height: 900 });
    await expect.poll(async () => { const [canvas, box] = await canvasWidth(); return canvas! < wide! && canvas === box; }).toBe(true);
    await rtl.page.setViewportSize({ width: 1280, height: 900 });
    await rtl.page.evaluate(() => (document.documentElement.dir = 'rtl'));
    expect(await rtl.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await rtl.page.screenshot({ path: `${SHOTS}/parley-overview-rtl.png`, fullPage: true });
    expect(rtl.errors).toEqual([]);
    await rtl.context.close();
  });

describe('overview over the real stats route', () => {
  it('shows the comments readers just posted, the same numbers as the stats route answers', async () => {
    const owner = await adminApi(server.url, OWNER);
    const range = expectedRange(7, 'Europe/Berlin');
    const query = `/sites/demo/stats?from=${range.from}&to=${range.to}&tz=Europe%2FBerlin`;
    const before = (await owner.request('GET', query)).body as SiteStats;
    // Three readers post on a new story (the demo site publishes at once: post-moderation).
    for (const [i, name] of ['Ines', 'Jon', 'Kim'].entries()) {
      const res = await fetch(`${server.url}/api/v1/sites/demo/comments`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ page: '/articles/overview-real-data', title: 'Overview, real data', authorName: name, body: `Comment ${i + 1} on the story.` }),
      });
      expect(res.status).toBe(201);
    }
    const after = (await owner.request('GET', query)).body as SiteStats;
    const last = after.days.length - 1;
    expect(after.comments.published[last]! + after.comments.held[last]!).toBe(before.comments.published[last]! + before.comments.held[last]! + 3);
    expect(after.topStories.find((s) => s.key === '/articles/overview-real-data')?.comments).toBe(3);

    const { context, page, errors } = await openOverview({ real: true });
    await chartsDrawn(page);
    for (const summary of await page.locator('.chart-table summary').all()) await summary.click();
    const shown = await tableCells(page, 'Comments per day');
    expect(shown.map((row) => row.slice(1))).toEqual(
      after.days.map((_, i) => [after.comments.published[i], after.comments.held[i], after.comments.spam[i], after.comments.refused[i]].map((n) => count.format(n!))),
    );
    await expect.poll(() => page.getByRole('link', { name: 'Overview, real data' }).count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });
});
});
