import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';

export interface DownloadedFile {
  /** The file's name on the server (embed.js, parley-app-….js, chunk-….js, locale-en-….js). */
  name: string;
  /** Its size as it crossed the network gzip-compressed: as sent when the server compressed it, else gzip -9 of the body. */
  gzip: number;
}

/**
 * A reader's whole visit to the demo article, in Chromium: the page loads, the reader scrolls to
 * the newsletter form and the comments, another reader's comment arrives, and the widget's check
 * shows "1 new comment", which the reader opens. Answers every widget file (script, style, locale
 * chunk) the page fetched from Parley's server on the way, from the browser's network events,
 * sorted by name.
 * `postElsewhere` publishes a comment on the article's page (its key) as another reader would.
 */
export async function firstVisitDownloads(browser: Browser, serverUrl: string, lang: string, postElsewhere: (pageKey: string) => Promise<void>): Promise<DownloadedFile[]> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  // Checks every second instead of every 20 (the data attribute tests use), and the reader's language.
  await page.addInitScript((code: string) => {
    document.addEventListener('DOMContentLoaded', () => {
      for (const host of document.querySelectorAll<HTMLElement>('[data-parley-comments],[data-parley-subscribe]')) host.dataset.lang = code;
      document.querySelector<HTMLElement>('[data-parley-comments]')!.dataset.pollSeconds = '1';
    });
  }, lang);
  const pending: Promise<DownloadedFile | undefined>[] = [];
  page.on('response', (res) => {
    const url = new URL(res.url());
    if (url.origin !== serverUrl || !/\.(js|css)$/.test(url.pathname)) return;
    pending.push(
      (async () => {
        const body = await res.body();
        const encoded = res.headers()['content-encoding'];
        const sizes = await res.request().sizes();
        const gzip = encoded === 'gzip' ? sizes.responseBodySize : gzipSync(body, { level: 9 }).length;
        return { name: url.pathname.slice(1), gzip };
      })(),
    );
  });
  await page.goto(serverUrl);
  await page.locator('.newsletter').scrollIntoViewIfNeeded();
  await page.locator('[data-parley-subscribe] input[type=email]').waitFor();
  await page.locator('[data-parley-comments]').scrollIntoViewIfNeeded();
  await page.locator('[data-parley-comments] article').first().waitFor();
  await page.locator('[data-parley-comments] textarea').first().waitFor();
  await postElsewhere(await page.evaluate(() => new URL(document.querySelector<HTMLLinkElement>('link[rel=canonical]')!.href).pathname));
  const news = page.locator('[data-parley-comments] button.news');
  await news.waitFor({ timeout: 15_000 });
  await news.click();
  await news.waitFor({ state: 'detached' });
  await page.waitForLoadState('networkidle');
  // By name: the app and the locale it preloads beside it arrive in either order.
  const files = (await Promise.all(pending)).filter((f): f is DownloadedFile => f !== undefined).sort((a, b) => a.name.localeCompare(b.name));
  await page.close();
  return files;
}
