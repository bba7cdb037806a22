import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { AppError } from '../../errors.ts';
import type { AppDb } from '../../../db/client.ts';
import type { AppEnv } from '../../app-env.ts';
import type { SharedCache } from '../../shared-cache.ts';
import { findSite, listSites, type Site } from './sites.repo.ts';

/**
 * Where a shared cache is given (Workers), a public read takes its site from there, kept for the
 * site's edgeCacheSeconds but at most this long: a change made elsewhere (a CLI import, another
 * data centre) reaches readers this soon. Writes through this deployment forget it at once.
 */
const SITE_SECONDS = 10;

const siteKey = (id: string) => `site:${id}`;

/** Methods that change nothing. */
const READS = ['GET', 'HEAD', 'OPTIONS'];

/**
 * The site for a read, kept with a generation: the pages' rows and answers of the site are kept
 * under it (features/comments/shared-reads.ts), so forgetting the site forgets them all.
 */
async function keptSite(cache: SharedCache, db: AppDb, id: string): Promise<{ site: Site | undefined; generation?: string }> {
  const kept = await cache.get(siteKey(id));
  if (kept) return JSON.parse(kept) as { site: Site; generation: string };
  const site = await findSite(db, id);
  const seconds = Math.min(site?.settings.edgeCacheSeconds ?? 0, SITE_SECONDS);
  if (!site || seconds <= 0) return { site };
  const entry = { site, generation: crypto.randomUUID() };
  await cache.put(siteKey(id), JSON.stringify(entry), seconds);
  return entry;
}

/**
 * Loads the site named in the path (404 `site_not_found` when there is none) and puts it on the
 * context for the handlers below. Writes always read it from the database (its moderation mode,
 * its allowed origins as they are now), and a write that succeeded forgets the kept site, so the
 * next read here starts a new generation and sees the write.
 */
export const loadSite: MiddlewareHandler<AppEnv> = async (c, next) => {
  const id = c.req.param('site') ?? '';
  const { db, sharedCache } = c.var.deps;
  // A CORS preflight (OPTIONS) reads too: every new reader's browser sends one before the listing.
  const reading = READS.includes(c.req.method);
  const kept = reading && sharedCache ? await keptSite(sharedCache, db, id) : { site: await findSite(db, id) };
  if (!kept.site) throw new AppError('site_not_found', `There is no site "${id}" on this server.`);
  c.set('site', kept.site);
  if (kept.generation) c.set('sharedGeneration', kept.generation);
  await next();
  if (!reading && sharedCache && c.res.status < 400) await sharedCache.delete(siteKey(id));
};

/**
 * After an editor's write (a moderation action, a site's settings, an import), every kept site is
 * forgotten: the dashboard's routes do not all name the site they change, and editors write rarely.
 */
export const forgetSitesAfterWrites: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  const { db, sharedCache } = c.var.deps;
  if (!sharedCache || READS.includes(c.req.method) || c.res.status >= 400) return;
  for (const site of await listSites(db)) await sharedCache.delete(siteKey(site.id));
};

/**
 * CORS for a site's public API: only the site's allowed origins may read answers from a browser.
 * Writes from any other origin are refused outright, because a "simple" cross-origin POST reaches
 * the server without a preflight, and CORS alone would only hide the answer, not stop the write.
 */
export const siteCors: MiddlewareHandler<AppEnv> = async (c, next) => {
  const origin = c.req.header('Origin');
  const site = c.var.site;
  // The server's own origin (the demo article, the dashboard) is same-origin, not cross-site.
  const sameOrigin = origin === new URL(c.req.url).origin;
  const allowed = origin !== undefined && (sameOrigin || site.allowedOrigins.includes(origin));
  const unsafe = c.req.method !== 'GET' && c.req.method !== 'HEAD' && c.req.method !== 'OPTIONS';
  if (origin !== undefined && !allowed && unsafe) {
    throw new AppError('origin_not_allowed', `The origin ${origin} is not allowed to post to site "${site.id}".`);
  }
  if (c.req.method === 'OPTIONS') return preflight(c, next);
  // An actual request's CORS headers, as hono/cors sets them, but before the handler answers:
  // hono/cors adds \`Vary\` after it, which makes Hono build the answer again (see app.ts).
  if (origin !== undefined && site.allowedOrigins.includes(origin)) c.header('Access-Control-Allow-Origin', origin);
  c.header('Access-Control-Expose-Headers', EXPOSED_HEADERS.join(','));
  c.header('Vary', 'Origin', { append: true });
  await next();
};

const EXPOSED_HEADERS = ['ETag', 'Retry-After'];

// Preflights, built once: the allowed origins come from the site on the context at each request.
const preflight = cors({
  origin: (origin, c) => ((c.var as unknown as AppEnv['Variables']).site.allowedOrigins.includes(origin) ? origin : null),
  allowMethods: ['GET', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
  allowHeaders: ['Content-Type', 'Authorization', 'X-Edit-Token', 'X-Parley-Reader', 'If-None-Match'],
  exposeHeaders: EXPOSED_HEADERS,
  maxAge: 600,
});
