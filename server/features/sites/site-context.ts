import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { AppError } from '../../errors.ts';
import type { AppEnv } from '../../app-env.ts';
import { findSite } from './sites.repo.ts';

/**
 * Loads the site named in the path (404 `site_not_found` when there is none) and puts it on the
 * context for the handlers below.
 */
export const loadSite: MiddlewareHandler<AppEnv> = async (c, next) => {
  const id = c.req.param('site') ?? '';
  const site = await findSite(c.var.deps.db, id);
  if (!site) throw new AppError('site_not_found', `There is no site "${id}" on this server.`);
  c.set('site', site);
  await next();
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
  return corsForSite(c, next);
};

// Built once: the allowed origins come from the site on the context at each request.
const corsForSite = cors({
  origin: (origin, c) => ((c.var as unknown as AppEnv['Variables']).site.allowedOrigins.includes(origin) ? origin : null),
  allowMethods: ['GET', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
  allowHeaders: ['Content-Type', 'Authorization', 'X-Edit-Token', 'X-Parley-Reader', 'If-None-Match'],
  exposeHeaders: ['ETag', 'Retry-After'],
  maxAge: 600,
});
