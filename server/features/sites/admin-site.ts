import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import type { AppDb } from '../../../db/client.ts';
import type { AppEnv } from '../../app-env.ts';
import { AppError } from '../../errors.ts';
import { parseJsonBody } from '../../http/validation.ts';
import { findSite, type Site } from './sites.repo.ts';

/**
 * A site id as the admin API takes it (`?site=`, a body's `site`, a path's `:site`). Malformed
 * text is a 400 with a field error; a well-formed id that names no site is a 404 (requireSite).
 * Every admin route goes through these two, so odd text never reaches a query or a header.
 */
export const siteParam = z
  .string({ error: 'Site is required.' })
  .min(1, 'Site is required.')
  .max(63, 'Site is at most 63 characters.')
  // New sites are lower-case slugs; a restored backup may bring older ids, so letters of either
  // case, dots and underscores pass too. Nothing that could break a header or a file name does.
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'Site must be a site id: letters, digits, dashes, dots or underscores.');

/** The site `id` names, checked as {@link siteParam}; 400 if malformed, 404 if there is none. */
export async function requireSite(db: AppDb, id: string): Promise<Site> {
  const parsed = siteParam.safeParse(id);
  if (!parsed.success) throw new AppError('invalid_request', parsed.error.issues[0]!.message, { site: parsed.error.issues[0]!.message });
  const site = await findSite(db, parsed.data);
  if (!site) throw new AppError('site_not_found', `There is no site "${parsed.data}".`);
  return site;
}

/**
 * The page key in an admin path (`/sites/:site/pages/:key/…`), decoded once more (the dashboard
 * encodes the key as one segment) and in the same NFC form as stored keys; malformed escapes are
 * a 400, not a thrown URIError.
 */
export function pageKeyFromPath(raw: string): string {
  let key: string;
  try {
    key = decodeURIComponent(raw);
  } catch {
    throw new AppError('invalid_request', 'The page key in the path is not validly encoded.', { key: 'Not validly encoded.' });
  }
  return key.normalize('NFC');
}

/**
 * The site loader of every site-scoped admin route (`/api/v1/admin/sites/:site/…`): the `:site`
 * is checked as {@link requireSite} (400 malformed, 404 unknown) and put on the context as
 * `c.var.site`, so no handler reads or checks a site id itself.
 */
export const adminSite = createMiddleware<AppEnv>(async (c, next) => {
  c.set('site', await requireSite(c.var.deps.db, c.req.param('site') ?? ''));
  await next();
});

/**
 * The same, for the paths that took the site as `?site=` before the site-scoped ones (kept as
 * aliases for one release): the site is read from the query instead of the path.
 */
export const adminSiteFromQuery = createMiddleware<AppEnv>(async (c, next) => {
  c.set('site', await requireSite(c.var.deps.db, c.req.query('site') ?? ''));
  await next();
});

/**
 * The same, for the old write paths that took the site as `site` in the JSON body. The body must
 * be a JSON object naming the site; the route's own validator checks the rest.
 */
export const adminSiteFromBody = createMiddleware<AppEnv>(async (c, next) => {
  const { site } = await parseJsonBody(c, z.object({ site: z.unknown() }));
  c.set('site', await requireSite(c.var.deps.db, typeof site === 'string' ? site : ''));
  await next();
});
