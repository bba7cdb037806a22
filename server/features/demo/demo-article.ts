import { and, eq } from 'drizzle-orm';
import { html, raw } from 'hono/html';
import type { AppDb } from '../../../db/client.ts';
import { pages } from '../../../db/schema.ts';
import type { HtmlEscapedString } from 'hono/utils/html';
import { DEMO_ARTICLES, DEMO_SITE_ID, type DemoArticle, demoArticlePath } from './demo-articles.ts';

const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' });

/**
 * The demo article's Content Security Policy: only what the page and the widget use. Scripts and
 * API calls go to Parley's own origin; the widget's proof of work runs in blob: workers; styles are
 * the page's own inline sheet and the widget's, inside its Shadow DOM (and avatar colours as style
 * attributes); images are verified readers' avatars from the publisher (https) or data: URLs.
 */
export function demoArticleCsp(publicUrl: string): string {
  const parley = new URL(publicUrl).origin;
  return [
    "default-src 'none'",
    `script-src 'self' ${parley}`,
    `connect-src 'self' ${parley}`,
    'worker-src blob:',
    "style-src 'unsafe-inline'",
    'img-src https: data:',
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * A news article page as a publisher would have it, with the Parley snippet pasted at its end.
 * It is what `npm start` shows at `/`, and what the browser tests drive.
 */
export function demoArticleHtml(publicUrl: string, slug = DEMO_ARTICLES[0]!.slug): HtmlEscapedString | Promise<HtmlEscapedString> | undefined {
  const article = DEMO_ARTICLES.find((a) => a.slug === slug);
  if (!article) return undefined;
  return articleHtml(publicUrl, article, demoArticlePath(article.slug));
}

/**
 * A stand-in article for a page `parley seed` filled on the demo site, so its comments can be seen
 * whatever its key: the snippet names the key (`data-page`), as a publisher's page would.
 */
export function seededPageHtml(publicUrl: string, page: { key: string; title: string | null }): HtmlEscapedString | Promise<HtmlEscapedString> {
  const headline = page.title ?? `Seeded discussion for ${page.key}`;
  const article: DemoArticle = {
    slug: '',
    section: 'Demo',
    headline,
    standfirst: `A stand-in article for the page "${page.key}", so the comments seeded there can be read and tried out.`,
    byline: 'By the Parley demo',
    published: new Date(0).toISOString(),
    paragraphs: ['The comments below were written by `npm run parley -- seed`. On a real site, this is where the article would be.'],
  };
  return articleHtml(publicUrl, article, page.key.startsWith('/') ? page.key : `/demo/page?key=${encodeURIComponent(page.key)}`, page.key);
}

/** A page of the demo site by its key (one `parley seed` filled), or undefined. */
export async function findDemoPage(db: AppDb, key: string): Promise<{ key: string; title: string | null } | undefined> {
  if (!key || key.length > 512) return undefined;
  return db.select({ key: pages.key, title: pages.title }).from(pages).where(and(eq(pages.siteId, DEMO_SITE_ID), eq(pages.key, key))).get();
}

/** Where the comments seeded on a demo page can be read: a demo article for any key. */
export function demoPageUrl(publicUrl: string, key: string): string {
  const path = DEMO_ARTICLES.some((a) => demoArticlePath(a.slug) === key) || /^\/articles\/[A-Za-z0-9._~-]+$/.test(key) ? key : `/demo/page?key=${encodeURIComponent(key)}`;
  return `${publicUrl}${path}`;
}

function articleHtml(publicUrl: string, article: DemoArticle, path: string, pageKey?: string): HtmlEscapedString | Promise<HtmlEscapedString> {
  const others = DEMO_ARTICLES.filter((a) => a.slug !== article.slug);
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${article.headline} — The Harbour Courier</title>
<link rel="canonical" href="${publicUrl}${path}">
<meta name="description" content="${article.standfirst}">
<style>${raw(PAGE_CSS)}</style>
</head>
<body>
<header class="masthead"><a href="/">The Harbour Courier</a><nav><a href="/">Local</a><a href="/">City</a><a href="/">Culture</a><a href="/">Travel</a></nav></header>
<main>
<article>
  <p class="section">${article.section}</p>
  <h1>${article.headline}</h1>
  <p class="standfirst">${article.standfirst}</p>
  <p class="byline">${article.byline}${article.slug ? html` · <time datetime="${article.published}">${dateFormat.format(new Date(article.published))} UTC</time>` : ''}</p>
  ${article.paragraphs.map((p) => html`<p>${p}</p>`)}
</article>

<aside class="related" aria-labelledby="related-heading">
  <h2 id="related-heading">You may also like</h2>
  <ul>
    ${others.map((a: DemoArticle) => html`<li><a href="${demoArticlePath(a.slug)}"><span class="section">${a.section}</span>${a.headline}</a></li>`)}
  </ul>
</aside>

<section class="newsletter" aria-labelledby="newsletter-heading">
  <h2 id="newsletter-heading">The Harbour Courier, in your inbox</h2>
  <p>The day's local news every morning at 7, written by our newsroom. Free, and you can leave at any time.</p>
  <div data-parley-subscribe></div>
</section>

<section class="comments" aria-labelledby="comments-heading">
  <h2 id="comments-heading">Leave a Comment</h2>
  <p class="house-rules">Be kind, stay on topic. Comments are reviewed by our editors.</p>
  <div data-parley-comments${pageKey === undefined ? '' : html` data-page="${pageKey}"`}></div>
</section>
</main>
<footer>© 2026 The Harbour Courier — a Parley demo.</footer>
<script src="${publicUrl}/embed.js" data-site="${DEMO_SITE_ID}" async></script>
</body>
</html>`;
}

// The host page's own look. It deliberately includes broad rules (on every element, button and
// paragraph) of the kind real news sites ship, to show the widget's Shadow DOM keeps them out.
const PAGE_CSS = `
*{box-sizing:border-box}
body{margin:0;font:19px/1.6 Georgia,"Times New Roman",serif;color:#1b1b1b;background:#fbfaf7}
a{color:#0b5cad}
.masthead{display:flex;flex-wrap:wrap;gap:1rem;align-items:baseline;justify-content:space-between;padding:1rem max(1rem,calc(50% - 22rem));border-bottom:3px double #1b1b1b;background:#fff}
.masthead>a{font:700 1.6rem/1 Georgia,serif;color:#1b1b1b;text-decoration:none;letter-spacing:-.02em}
.masthead nav{display:flex;gap:1rem;font:600 .8rem/1 system-ui,sans-serif;text-transform:uppercase;letter-spacing:.06em}
.masthead nav a{color:#444;text-decoration:none}
main{max-width:44rem;margin:0 auto;padding:1.5rem 1rem 4rem}
.section{font:700 .75rem/1 system-ui,sans-serif;text-transform:uppercase;letter-spacing:.08em;color:#b3261e;margin:0 0 .5rem}
h1{font-size:2.3rem;line-height:1.15;margin:.2rem 0 1rem;letter-spacing:-.01em}
.standfirst{font-size:1.2rem;color:#444}
.byline{font:.85rem/1.4 system-ui,sans-serif;color:#666;border-top:1px solid #ddd;border-bottom:1px solid #ddd;padding:.6rem 0}
p{margin:0 0 1.1em}
button{font:inherit;text-transform:uppercase;border-radius:0}
.related,.newsletter,.comments{margin-top:2.5rem;border-top:2px solid #1b1b1b;padding-top:1rem}
.related ul{list-style:none;padding:0;margin:0;display:grid;gap:.75rem}
.related a{display:block;text-decoration:none;color:#1b1b1b;font-weight:700;line-height:1.3}
.related .section{display:block;margin-bottom:.2rem}
.newsletter{background:#f0ede4;padding:1rem 1.25rem;border-top:4px solid #b3261e}
.newsletter h2,.comments h2,.related h2{font-size:1.35rem;margin:.2rem 0 .6rem}
.house-rules{font:.85rem/1.4 system-ui,sans-serif;color:#666}
footer{text-align:center;font:.8rem system-ui,sans-serif;color:#777;padding:2rem 1rem;border-top:1px solid #ddd}
@media (prefers-color-scheme: dark){body{background:#161616;color:#e8e6e1}.masthead{background:#1e1e1e;border-color:#e8e6e1}.masthead>a,.related a{color:#e8e6e1}.newsletter{background:#23211c}.standfirst{color:#bbb}a{color:#7fb2ee}}
`;
