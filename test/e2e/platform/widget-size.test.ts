import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWidget } from '../../../widget/build.ts';
import { launchBrowser } from '../../support/browser.ts';
import { type ServerProcess, startServerProcess } from '../../support/server-process.ts';
import { type DownloadedFile, firstVisitDownloads } from './first-visit-size.ts';

/** The budgets of DESIGN.md, in gzip bytes. */
const LOADER_BUDGET = 2 * 1024;
/**
 * Everything a reader downloads for the comments and the newsletter form on the demo article,
 * live updates included (the check, the "new comments" button and revealing them). Parts opened
 * when a reader acts (posting and its proof of work, replying, reporting, editing, signing in)
 * come in their own chunks and are not counted.
 */
const VISIT_BUDGET = 16 * 1024;
const COUNT_BUDGET = 1024;
/** Every locale the README promises. */
const LOCALES = ['en', 'es', 'fr', 'de', 'pt', 'zh', 'ja', 'ar'];

let dir: string;
let built: Awaited<ReturnType<typeof buildWidget>>;
let server: ServerProcess;
let browser: Browser;
const gz = (file: string) => gzipSync(readFileSync(join(dir, file)), { level: 9 }).length;
const total = (files: DownloadedFile[]) => files.reduce((sum, f) => sum + f.gzip, 0);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parley-size-'));
  built = await buildWidget({ outdir: dir, minify: true });
  // The server serves dist/widget, the production build the global setup made.
  server = await startServerProcess({ SPAM_DEFENCES: 'off', PARLEY_ADMIN_EMAIL: 'owner@example.com', PARLEY_ADMIN_PASSWORD: 'owner-password-123' });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Another reader's comment on the article, published at once (spam defences off). */
async function postElsewhere(page: string): Promise<void> {
  const res = await fetch(`${server.url}/api/v1/sites/demo/comments`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: server.url },
    body: JSON.stringify({ page, authorName: 'Another reader', body: `Breaking: more news ${Math.random()}` }),
  });
  expect(res.status).toBe(201);
}

describe('widget size budget (production build, gzip -9)', () => {
  it(`keeps the loader (embed.js) within ${LOADER_BUDGET} bytes`, () => {
    const size = gz('embed.js');
    console.log(`embed.js: ${size} B gzip`);
    expect(size).toBeLessThanOrEqual(LOADER_BUDGET);
  });

  it('builds every locale as its own files, so a reader loads only theirs', () => {
    expect(Object.keys(built.locales).sort()).toEqual([...LOCALES].sort());
    const files = Object.values(built.locales).flat();
    expect(new Set(files).size).toBe(LOCALES.length * 2);
    expect(files.every((f) => readdirSync(dir).includes(f))).toBe(true);
    // No locale's strings ride along in the app itself.
    const app = built.files.filter((f) => f.endsWith('.js') && !files.includes(f)).map((f) => readFileSync(join(dir, f), 'utf8')).join('');
    expect(app).not.toContain('Join the discussion');
    expect(app).not.toContain('Únete');
  });

  it(`keeps a reader's visit to the demo article — comments, newsletter form, live updates — within ${VISIT_BUDGET} bytes, measured in Chromium`, async () => {
    const files = await firstVisitDownloads(browser, server.url, 'en', postElsewhere);
    console.log(`demo article (en): ${total(files)} B gzip = ${files.map((f) => `${f.name} ${f.gzip}`).join(' + ')}`);
    // The loader, the app and the reader's strings, and nothing opened on demand.
    expect(files.map((f) => f.name.replace(/-[a-z0-9]{8,}\.js$/, ''))).toEqual(['embed.js', 'locale-en', 'parley-app']);
    expect(total(files)).toBeLessThanOrEqual(VISIT_BUDGET);
  }, 60_000);

  it(`keeps the same visit within ${VISIT_BUDGET} bytes in every other locale (their strings differ in size)`, async () => {
    const over: string[] = [];
    for (const code of LOCALES.filter((c) => c !== 'en')) {
      const files = await firstVisitDownloads(browser, server.url, code, postElsewhere);
      console.log(`demo article (${code}): ${total(files)} B gzip = ${files.map((f) => `${f.name} ${f.gzip}`).join(' + ')}`);
      expect(files.map((f) => f.name.replace(/-[a-z0-9]{8,}\.js$/, '')), code).toEqual(['embed.js', `locale-${code}`, 'parley-app']);
      if (total(files) > VISIT_BUDGET) over.push(`${code} ${total(files)} B`);
    }
    expect(over).toEqual([]);
  }, 120_000);

  it(`keeps the count script (count.js) within ${COUNT_BUDGET} bytes`, () => {
    const size = gz('count.js');
    console.log(`count.js: ${size} B gzip`);
    expect(size).toBeLessThanOrEqual(COUNT_BUDGET);
  });
});
