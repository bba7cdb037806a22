import { Hono } from 'hono';
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { AppEnv } from '../../app-env.ts';
import { signToken, verifyToken } from '../../mail/signed-token.ts';
import { findSite } from '../sites/sites.repo.ts';
import { confirmSubscriptions, findSubscriber, resubscribe, subscriptionsOf, unsubscribe } from './subscriptions.repo.ts';

const PAGE_CSS = `body{margin:0;font:17px/1.5 system-ui,-apple-system,Segoe UI,sans-serif;background:#f5f4f0;color:#1b1b1b;display:grid;place-items:center;min-height:100vh}
main{background:#fff;max-width:28rem;margin:1rem;padding:2rem;border-radius:10px;box-shadow:0 1px 3px #0002}
h1{font-size:1.4rem;margin:0 0 .75rem}button{font:inherit;background:#0b5cad;color:#fff;border:0;border-radius:6px;padding:.7rem 1.2rem;cursor:pointer}
button:focus-visible{outline:3px solid #f3b33d;outline-offset:2px}label{display:block;margin:.4rem 0}a{color:#0b5cad}
@media (prefers-color-scheme:dark){body{background:#161616;color:#eee}main{background:#222}a{color:#7fb2ee}}`;

function page(title: string, body: HtmlEscapedString | Promise<HtmlEscapedString>) {
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${title}</title><style>${raw(PAGE_CSS)}</style></head><body><main>${body}</main></body></html>`;
}

const invalidLink = () =>
  page('Link not valid', html`<h1>This link is not valid</h1><p>It may have expired or been copied incompletely. Sign up again from the article page to get a new link.</p>`);

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
    return c.html(page('Confirm your subscription', html`<h1>Confirm your subscription</h1><p>One click and you are in.</p><form method="post"><button type="submit">Confirm subscription</button></form>`));
  });

  app.post('/confirm/:token', async (c) => {
    const { db, secret, now } = c.var.deps;
    const claims = await verifyToken(secret, c.req.param('token'), 'confirm', now());
    if (!claims) return c.html(invalidLink(), 400);
    await confirmSubscriptions(db, claims.s, claims.d ?? [], now());
    const manage = await signToken(secret, { p: 'manage', s: claims.s });
    return c.html(page('Subscribed', html`<h1>You are subscribed</h1><p>Thank you. You can change what you receive at any time on <a href="/newsletter/manage/${manage}">your subscription page</a>.</p>`));
  });

  app.get('/unsubscribe/:token', async (c) => {
    const claims = await verifyToken(c.var.deps.secret, c.req.param('token'), 'unsubscribe', c.var.deps.now());
    if (!claims) return c.html(invalidLink(), 400);
    return c.html(page('Unsubscribe', html`<h1>Unsubscribe?</h1><p>You will stop receiving these emails.</p><form method="post"><button type="submit">Unsubscribe</button></form>`));
  });

  app.post('/unsubscribe/:token', async (c) => {
    const { db, secret, now } = c.var.deps;
    const claims = await verifyToken(secret, c.req.param('token'), 'unsubscribe', now());
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const oneClick = form['List-Unsubscribe'] === 'One-Click';
    if (!claims) return oneClick ? c.body(null, 400) : c.html(invalidLink(), 400);
    await unsubscribe(db, claims.s, claims.d, now());
    // RFC 8058: the mail client expects a plain success, with nothing to render.
    if (oneClick) return c.body(null, 200);
    const manage = await signToken(secret, { p: 'manage', s: claims.s });
    return c.html(page('Unsubscribed', html`<h1>You are unsubscribed</h1><p>You will not receive these emails any more. Changed your mind? <a href="/newsletter/manage/${manage}">Manage your subscriptions</a>.</p>`));
  });

  app.get('/manage/:token', async (c) => {
    const { db, secret, now } = c.var.deps;
    const claims = await verifyToken(secret, c.req.param('token'), 'manage', now());
    const subscriber = claims ? await findSubscriber(db, claims.s) : undefined;
    if (!subscriber) return c.html(invalidLink(), 400);
    const site = await findSite(db, subscriber.siteId);
    const subs = (await subscriptionsOf(db, subscriber.id)).filter((s) => s.status !== 'unconfirmed');
    const label = (topic: string) => ({ newsletter: 'The newsletter', page: 'Updates to a story you follow', replies: 'Replies to your comment' })[topic] ?? topic;
    return c.html(
      page(
        'Your subscriptions',
        html`<h1>Your subscriptions</h1><p>${subscriber.email} at ${site?.name ?? ''}</p>
<form method="post">${subs.map((s) => html`<label><input type="checkbox" name="keep" value="${s.id}" ${s.status === 'confirmed' ? 'checked' : ''}> ${label(s.topic)}</label>`)}
<p><button type="submit">Save</button></p></form>`,
      ),
    );
  });

  app.post('/manage/:token', async (c) => {
    const { db, secret, now } = c.var.deps;
    const claims = await verifyToken(secret, c.req.param('token'), 'manage', now());
    const subscriber = claims ? await findSubscriber(db, claims.s) : undefined;
    if (!subscriber) return c.html(invalidLink(), 400);
    const form = await c.req.parseBody({ all: true });
    const keep = new Set([form.keep].flat().filter((v): v is string => typeof v === 'string'));
    const subs = (await subscriptionsOf(db, subscriber.id)).filter((s) => s.status !== 'unconfirmed');
    const at = now();
    await unsubscribe(db, subscriber.id, subs.filter((s) => !keep.has(s.id)).map((s) => s.id), at);
    // Re-ticking a topic that was confirmed before needs no new confirmation: the address is proven.
    const back = subs.filter((s) => keep.has(s.id) && s.status === 'unsubscribed').map((s) => s.id);
    if (back.length) await resubscribe(db, subscriber.id, back, at);
    return c.redirect(`/newsletter/manage/${c.req.param('token')}`, 303);
  });

  return app;
}
