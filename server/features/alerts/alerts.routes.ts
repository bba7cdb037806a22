import { Hono } from 'hono';
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { z } from 'zod';
import { atomic } from '../../../db/atomic.ts';
import { ALERT_DIGESTS } from '../../../db/schema.ts';
import type { AppEnv } from '../../app-env.ts';
import { timeZone } from '../../http/time-zone.ts';
import { jsonBody } from '../../http/typed-validators.ts';
import { findSite, siteParam } from '../sites/index.ts';
import { accountUrl, type AlertKind, readAlertOffToken } from './alert-links.ts';
import { saveAlertChoices } from './alert-settings.ts';
import { alertSettingsOf, turnOffStatement } from './alerts.repo.ts';

const digestChoice = z.enum(ALERT_DIGESTS, { error: 'Digest must be off, hourly or daily.' });

/** The account's alert choices, per site. Strict: there is no field naming another editor. */
const alertChoices = z
  .object({
    sites: z
      .array(z.object({ site: siteParam, digest: digestChoice, flagged: z.boolean({ error: 'Flagged must be true or false.' }) }).strict(), { error: 'Sites must be a list.' })
      .max(1000, 'At most 1000 sites at once.'),
    /** The editor's zone (their browser's): a daily digest comes at 08:00 there. */
    timeZone: timeZone.default('UTC'),
  })
  .strict();

/**
 * The signed-in editor's own alerts (under /api/v1/admin/account/alerts): every site with the
 * queue digest (off, hourly, daily) and the report alert (on, off). Only the session's editor is
 * read or written, so no editor, owner or not, changes another's alerts.
 */
export function accountAlertsRoutes() {
  return new Hono<AppEnv>()
    .get('/', async (c) => c.json({ sites: await alertSettingsOf(c.var.deps.db, c.var.session.editor.id) }))
    .put('/', jsonBody(alertChoices), async (c) => {
      const { db, now } = c.var.deps;
      const { sites, timeZone: zone } = c.req.valid('json');
      return c.json({ sites: await saveAlertChoices(db, c.var.session.editor.id, sites, zone, now()) });
    });
}

const pageCss = `body{margin:0;font:17px/1.5 system-ui,sans-serif;background:#f5f4f0;color:#1b1b1b;display:grid;place-items:center;min-height:100vh}
main{background:#fff;width:min(28rem,calc(100% - 2rem));box-sizing:border-box;padding:1.5rem 2rem;border-radius:10px;box-shadow:0 1px 3px #0002}
h1{font-size:1.35rem;margin:0 0 .75rem}button{font:inherit;background:#0b5cad;color:#fff;border:0;border-radius:6px;padding:.7rem 1.2rem;cursor:pointer}
button:focus-visible,a:focus-visible{outline:3px solid #f3b33d;outline-offset:2px}a{color:#0b5cad}
@media (prefers-color-scheme:dark){body{background:#161616;color:#eee}main{background:#222}a{color:#9cc3f0}}`;

function alertPage(title: string, body: HtmlEscapedString | Promise<HtmlEscapedString>) {
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${title} — Parley</title><style>${raw(pageCss)}</style></head><body><main>${body}</main></body></html>`;
}

const what = (kind: AlertKind) => (kind === 'digest' ? 'queue digest emails' : 'emails about reported comments');

const invalidLink = () => alertPage('Link not valid', html`<h1>This link is not valid</h1><p>It may have been copied incompletely. Choose your alerts on your account page in the dashboard.</p>`);

/**
 * The unsubscribe link of alert emails (/alerts/off/<token>). The POST turns the alert off: the
 * RFC 8058 one-click request a mail client sends (`List-Unsubscribe=One-Click`, no sign-in), or
 * the button of the page. A GET only shows that page, because mail scanners open every link.
 */
export function alertPagesRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/off/:token', async (c) => {
    const { db, secret, now } = c.var.deps;
    const target = await readAlertOffToken(secret, c.req.param('token'), now());
    if (!target) return c.html(invalidLink(), 400);
    const site = (await findSite(db, target.siteId))?.name ?? 'this site';
    return c.html(
      alertPage(
        'Stop alerts',
        html`<h1>Stop these alerts?</h1><p>You will no longer receive ${what(target.kind)} for <bdi>${site}</bdi>. You can turn them on again on your account page.</p><form method="post"><button type="submit">Stop ${what(target.kind)}</button></form>`,
      ),
    );
  });

  app.post('/off/:token', async (c) => {
    const { db, secret, now } = c.var.deps;
    const target = await readAlertOffToken(secret, c.req.param('token'), now());
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const oneClick = form['List-Unsubscribe'] === 'One-Click';
    if (!target) return oneClick ? c.body(null, 400) : c.html(invalidLink(), 400);
    await atomic(db, [turnOffStatement(db, target.editorId, target.siteId, target.kind, now())]);
    // RFC 8058: the mail client expects a plain success, with nothing to render.
    if (oneClick) return c.body(null, 200);
    const site = (await findSite(db, target.siteId))?.name ?? 'this site';
    return c.html(
      alertPage(
        'Alerts stopped',
        html`<h1>Done</h1><p>You will no longer receive ${what(target.kind)} for <bdi>${site}</bdi>. You can turn them on again on <a href="${accountUrl(c.var.deps.publicUrl)}">your account page</a> in the dashboard.</p>`,
      ),
    );
  });

  return app;
}
