import { Hono } from 'hono';
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { AppEnv } from '../../app-env.ts';
import { signToken, verifyToken } from '../../crypto.ts';
import { onSubscriptionsChanged } from '../../hooks.ts';
import { findSite, type Site } from '../sites/index.ts';
import { type DescribedSubscription, describeSubscriptions } from './subscription-labels.ts';
import { confirmSubscriptions, findSubscriber, resubscribe, subscriptionsOf, unsubscribe } from './subscriptions.repo.ts';

const DEFAULT_ACCENT = '#0b5cad';

// The accent colour comes from site settings, validated as #rrggbb (site-settings.ts) before it
// is stored; it is checked again here because it is written into a style sheet.
const accentOf = (site: Site | undefined) => (site?.settings.accentColor && /^#[0-9a-fA-F]{6}$/.test(site.settings.accentColor) ? site.settings.accentColor : DEFAULT_ACCENT);

const pageCss = (accent: string) => `body{margin:0;font:17px/1.5 system-ui,-apple-system,Segoe UI,sans-serif;background:#f5f4f0;color:#1b1b1b;display:grid;place-items:center;min-height:100vh}
main{background:#fff;width:min(30rem,calc(100% - 2rem));box-sizing:border-box;margin:1rem;padding:1.5rem 2rem 2rem;border-radius:10px;box-shadow:0 1px 3px #0002;border-top:4px solid ${accent}}
.brand{display:flex;align-items:center;gap:.6rem;margin:0 0 1.25rem;font-weight:700;font-size:.95rem;color:#444}.brand img{max-height:40px;max-width:10rem;object-fit:contain}
h1{font-size:1.4rem;margin:0 0 .75rem;overflow-wrap:anywhere}ul.subs{padding-inline-start:1.2rem;margin:.5rem 0 1rem}ul.subs li{margin:.3rem 0;overflow-wrap:anywhere}
button{font:inherit;background:${accent};color:#fff;border:0;border-radius:6px;padding:.7rem 1.2rem;cursor:pointer}
button:focus-visible,a:focus-visible{outline:3px solid #f3b33d;outline-offset:2px}label{display:flex;gap:.5rem;align-items:baseline;margin:.5rem 0;overflow-wrap:anywhere}a{color:${accent}}
.saved{background:#eaf6ec;border-inline-start:4px solid #1e7b34;padding:.6rem .8rem;border-radius:4px;margin:0 0 1rem}.muted{color:#5a6371;font-size:.9rem}
@media (prefers-color-scheme:dark){body{background:#161616;color:#eee}main{background:#222}.brand{color:#ccc}a{color:#9cc3f0}.saved{background:#1d3323;border-color:#6fcf8a}.muted{color:#a8b0bb}}`;

/**
 * One page behind an email link, in the publication's colours: its logo and name on top (set in
 * the dashboard's settings), so a reader sees at once whose emails these are.
 */
function page(site: Site | undefined, title: string, body: HtmlEscapedString | Promise<HtmlEscapedString>) {
  const logo = site?.settings.logoUrl ?? null;
  const name = site?.name ?? '';
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${title}${name ? html` — ${name}` : ''}</title><style>${raw(pageCss(accentOf(site)))}</style></head><body><main>
${name ? html`<p class="brand" dir="auto">${logo ? html`<img src="${logo}" alt="">` : ''}<bdi>${name}</bdi></p>` : ''}${body}</main></body></html>`;
}

/** What a subscription is, in words: "The newsletter of …", "Updates on “…”", "Replies to your comment on “…”". */
function subscriptionHtml(site: Site | undefined, s: DescribedSubscription) {
  if (s.topic === 'newsletter') return html`The newsletter of <bdi>${site?.name ?? 'this publication'}</bdi>`;
  const story = s.url ? html`<a href="${s.url}"><bdi>${s.story}</bdi></a>` : html`<bdi>${s.story}</bdi>`;
  return s.topic === 'replies' ? html`Replies to your comment on “${story}”` : html`Updates on “${story}”`;
}

const subscriptionList = (site: Site | undefined, subs: DescribedSubscription[]) =>
  html`<ul class="subs">${subs.map((s) => html`<li>${subscriptionHtml(site, s)}</li>`)}</ul>`;

/** A link back to the story the subscriptions are about (or the publication's site). */
function backLink(site: Site | undefined, subs: DescribedSubscription[]) {
  const story = subs.find((s) => s.topic !== 'newsletter' && s.url);
  if (story) return html`<p><a href="${story.url}">Back to “<bdi>${story.story}</bdi>”</a></p>`;
  const home = subs.find((s) => s.url)?.url;
  return home ? html`<p><a href="${home}">Go to <bdi>${site?.name ?? 'the site'}</bdi></a></p>` : '';
}

/** The subscriber's site and the given subscriptions (all but unconfirmed ones when ids is undefined), described. */
async function described(db: AppEnv['Variables']['deps']['db'], subscriberId: string, ids: string[] | undefined, keep: (s: { status: string }) => boolean) {
  const subscriber = await findSubscriber(db, subscriberId);
  if (!subscriber) return undefined;
  const site = await findSite(db, subscriber.siteId);
  const wanted = ids ? new Set(ids) : undefined;
  const subs = (await subscriptionsOf(db, subscriber.id)).filter((s) => (wanted ? wanted.has(s.id) : true) && keep(s));
  return { subscriber, site, subs: await describeSubscriptions(db, site, subs) };
}

const invalidLink = () =>
  page(undefined, 'Link not valid', html`<h1>This link is not valid</h1><p>It may have expired or been copied incompletely. Sign up again from the article page to get a new link.</p>`);

/**
 * The pages behind email links. A GET only shows a page with one button and the POST acts,
 * because mail scanners open (GET) every link in a message; the one-click unsubscribe of
 * RFC 8058 is the POST a mail client sends with `List-Unsubscribe=One-Click`.
 */
export function newsletterPagesRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/confirm/:token', async (c) => {
    const claims = await verifyToken(c.var.deps.secret, c.req.param('token'), 'confirm', c.var.deps.now());
    if (!claims) return c.html(invalidLink(), 400);
    const found = await described(c.var.deps.db, claims.s, claims.d, () => true);
    if (!found) return c.html(invalidLink(), 400);
    const { site, subs } = found;
    return c.html(
      page(
        site,
        'Confirm your subscription',
        html`<h1>Confirm your subscription</h1><p>You asked to receive:</p>${subscriptionList(site, subs)}<form method="post"><button type="submit">Confirm subscription</button></form>
<p class="muted">Did not ask for this? Ignore the email; nothing is sent until you confirm.</p>`,
      ),
    );
  });

  app.post('/confirm/:token', async (c) => {
    const { db, secret, now } = c.var.deps;
    const claims = await verifyToken(secret, c.req.param('token'), 'confirm', now());
    if (!claims) return c.html(invalidLink(), 400);
    const at = now();
    await confirmSubscriptions(db, claims.s, claims.d ?? [], at, await onSubscriptionsChanged(db, { subscriberId: claims.s, confirmed: true, now: at }));
    const found = await described(db, claims.s, claims.d, () => true);
    if (!found) return c.html(invalidLink(), 400);
    const { site, subs } = found;
    const manage = await signToken(secret, { p: 'manage', s: claims.s });
    return c.html(
      page(
        site,
        'Subscribed',
        html`<h1>You are subscribed</h1><p>Thank you. You will receive:</p>${subscriptionList(site, subs)}${backLink(site, subs)}<p class="muted">You can change what you receive at any time on <a href="/newsletter/manage/${manage}">your subscription page</a>.</p>`,
      ),
    );
  });

  app.get('/unsubscribe/:token', async (c) => {
    const claims = await verifyToken(c.var.deps.secret, c.req.param('token'), 'unsubscribe', c.var.deps.now());
    if (!claims) return c.html(invalidLink(), 400);
    const found = await described(c.var.deps.db, claims.s, claims.d, (s) => s.status !== 'unconfirmed');
    if (!found) return c.html(invalidLink(), 400);
    const { site, subs } = found;
    return c.html(
      page(
        site,
        'Unsubscribe',
        html`<h1>Unsubscribe?</h1><p>You will stop receiving:</p>${subscriptionList(site, subs)}<form method="post"><button type="submit">Unsubscribe</button></form>${backLink(site, subs)}`,
      ),
    );
  });

  app.post('/unsubscribe/:token', async (c) => {
    const { db, secret, now } = c.var.deps;
    const claims = await verifyToken(secret, c.req.param('token'), 'unsubscribe', now());
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const oneClick = form['List-Unsubscribe'] === 'One-Click';
    if (!claims) return oneClick ? c.body(null, 400) : c.html(invalidLink(), 400);
    const at = now();
    await unsubscribe(db, claims.s, claims.d, at, await onSubscriptionsChanged(db, { subscriberId: claims.s, confirmed: false, now: at }));
    // RFC 8058: the mail client expects a plain success, with nothing to render.
    if (oneClick) return c.body(null, 200);
    const found = await described(db, claims.s, claims.d, (s) => s.status !== 'unconfirmed');
    const site = found?.site;
    const subs = found?.subs ?? [];
    const manage = await signToken(secret, { p: 'manage', s: claims.s });
    return c.html(
      page(
        site,
        'Unsubscribed',
        html`<h1>You are unsubscribed</h1><p>You will not receive these emails any more:</p>${subscriptionList(site, subs)}${backLink(site, subs)}<p class="muted">Changed your mind? <a href="/newsletter/manage/${manage}">Manage your subscriptions</a>.</p>`,
      ),
    );
  });

  /** The manage page: each subscription with a box; after Save, what changed. */
  const managePage = (site: Site | undefined, email: string, subs: DescribedSubscription[], saved?: { on: DescribedSubscription[]; off: DescribedSubscription[] }) => {
    const savedNote = saved
      ? saved.on.length + saved.off.length === 0
        ? html`<p class="saved" role="status">Saved. Nothing changed.</p>`
        : html`<div class="saved" role="status"><p style="margin:0">Saved.</p>${saved.off.length ? html`<p style="margin:.3rem 0 0">You will no longer receive:</p>${subscriptionList(site, saved.off)}` : ''}${saved.on.length ? html`<p style="margin:.3rem 0 0">You will receive again:</p>${subscriptionList(site, saved.on)}` : ''}</div>`
      : '';
    return page(
      site,
      'Your subscriptions',
      html`<h1>Your subscriptions</h1>${savedNote}<p>For <bdi>${email}</bdi>. Untick what you no longer want, then save.</p>
${subs.length ? html`<form method="post">${subs.map((s) => html`<label><input type="checkbox" name="keep" value="${s.id}" ${s.status === 'confirmed' ? 'checked' : ''}> <span>${subscriptionHtml(site, s)}</span></label>`)}
<p><button type="submit">Save</button></p></form>` : html`<p>You have no subscriptions here.</p>`}${backLink(site, subs)}`,
    );
  };

  app.get('/manage/:token', async (c) => {
    const { db, secret, now } = c.var.deps;
    const claims = await verifyToken(secret, c.req.param('token'), 'manage', now());
    const found = claims ? await described(db, claims.s, undefined, (s) => s.status !== 'unconfirmed') : undefined;
    if (!found) return c.html(invalidLink(), 400);
    return c.html(managePage(found.site, found.subscriber.email, found.subs));
  });

  app.post('/manage/:token', async (c) => {
    const { db, secret, now } = c.var.deps;
    const claims = await verifyToken(secret, c.req.param('token'), 'manage', now());
    const found = claims ? await described(db, claims.s, undefined, (s) => s.status !== 'unconfirmed') : undefined;
    if (!found) return c.html(invalidLink(), 400);
    const form = await c.req.parseBody({ all: true });
    const keep = new Set([form.keep].flat().filter((v): v is string => typeof v === 'string'));
    // Only what the page showed is changed: a hidden subscription (replies to a comment that is
    // gone) is left as it is.
    const subs = found.subs;
    const at = now();
    const off = subs.filter((s) => !keep.has(s.id) && s.status === 'confirmed');
    if (off.length) await unsubscribe(db, found.subscriber.id, off.map((s) => s.id), at, await onSubscriptionsChanged(db, { subscriberId: found.subscriber.id, confirmed: false, now: at }));
    // Re-ticking a topic that was confirmed before needs no new confirmation: the address is proven.
    const on = subs.filter((s) => keep.has(s.id) && s.status === 'unsubscribed');
    if (on.length) await resubscribe(db, found.subscriber.id, on.map((s) => s.id), at, await onSubscriptionsChanged(db, { subscriberId: found.subscriber.id, confirmed: true, now: at }));
    const after = subs.map((s) => (off.includes(s) ? { ...s, status: 'unsubscribed' as const } : on.includes(s) ? { ...s, status: 'confirmed' as const } : s));
    return c.html(managePage(found.site, found.subscriber.email, after, { on, off }));
  });

  return app;
}
