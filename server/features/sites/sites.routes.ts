import { Hono } from 'hono';
import { z } from 'zod';
import { atomic } from '../../../db/atomic.ts';
import { MODERATION_MODES } from '../../../db/schema.ts';
import type { AppEnv } from '../../app-env.ts';
import { AppError } from '../../errors.ts';
import { jsonBody } from '../../http/typed-validators.ts';
import { requireOwner } from '../editors/index.ts';
import { auditStatement } from '../../audit.ts';
import { settingsDiff } from './settings-diff.ts';
import { siteSettingsSchema } from './site-settings.ts';
import { createSiteIfMissing, findSite, listSites, type Site, updateSiteStatement } from './sites.repo.ts';

const origin = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const u = new URL(value);
      return (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === value.replace(/\/$/, '');
    } catch {
      return false;
    }
  }, 'Each allowed origin must be scheme://host[:port], like https://news.example.com.')
  .transform((value) => new URL(value).origin);

const settingsPatch = z
  .object({
    name: z.string().trim().min(1).max(120),
    moderationMode: z.enum(MODERATION_MODES, { error: 'Moderation mode must be post, pre or first.' }),
    allowedOrigins: z.array(origin).max(50),
    // The key the publisher's server signs SSO tokens with; null turns SSO off. Long enough that
    // guessing it is hopeless (README: `openssl rand -hex 32`).
    ssoSecret: z
      .string({ error: 'SSO secret must be text, or null to turn SSO off.' })
      .refine((s) => s.length >= 32 && s.length <= 256 && /^[\x21-\x7e]+$/.test(s), 'SSO secret must be 32 to 256 printable characters without spaces (openssl rand -hex 32 makes one).')
      .nullable(),
  })
  .extend(siteSettingsSchema.shape)
  .partial()
  .strict();

/** A new site as the dashboard and `npm run parley -- site add` take it. */
export const newSite = z.object({
  id: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'Site id must be lower-case letters, digits and dashes (up to 63), like my-paper.'),
  name: z.string().trim().min(1, 'Name is required.').max(120),
  allowedOrigins: z.array(origin).max(50).default([]),
  moderationMode: z.enum(MODERATION_MODES).default('post'),
});

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Deep-merges a settings patch over the stored settings; arrays and values replace. */
function mergeSettings(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    out[key] = isPlainObject(value) && isPlainObject(base[key]) ? mergeSettings(base[key], value) : value;
  }
  return out;
}

function siteJson(site: Site) {
  return {
    id: site.id,
    name: site.name,
    allowedOrigins: site.allowedOrigins,
    moderationMode: site.moderationMode,
    ...site.settings,
    // Whether it is set, never the secret: it is shown to nobody once saved.
    ssoConfigured: site.ssoConfigured,
    createdAt: new Date(site.createdAt).toISOString(),
  };
}

/** The sites under /api/v1/admin/sites: any editor lists them, owners add one. */
export function sitesRoutes() {
  return new Hono<AppEnv>()
    .get('/', async (c) => c.json({ sites: (await listSites(c.var.deps.db)).map(siteJson) }))
    .post('/', requireOwner, jsonBody(newSite), async (c) => {
      const { db, now } = c.var.deps;
      const input = c.req.valid('json');
      const created = await createSiteIfMissing(db, input, now());
      if (!created) throw new AppError('conflict', `A site "${input.id}" already exists.`, { id: 'This id is taken.' });
      return c.json({ site: siteJson((await findSite(db, input.id))!) }, 201);
    });
}

/**
 * One site's settings under /api/v1/admin/sites/:site (the site loader has put it on the
 * context): any editor reads them, owners change them.
 */
export function siteSettingsRoutes() {
  return new Hono<AppEnv>()
    .get('/', (c) => c.json({ site: siteJson(c.var.site) }))
    .patch('/', requireOwner, jsonBody(settingsPatch), async (c) => {
      const { db, now } = c.var.deps;
      const site = c.var.site;
      const patch = c.req.valid('json');
      const { name, moderationMode, allowedOrigins, ssoSecret } = patch;
      // Merged from what was sent, not from the parsed patch: parsing fills the defaults of nested
      // objects, so `{ spam: { maxLinks: 5 } }` would otherwise reset every other spam setting.
      const { name: _n, moderationMode: _m, allowedOrigins: _a, ssoSecret: _s, ...sent } = (await c.req.json()) as Record<string, unknown>;
      const merged = siteSettingsSchema.parse(mergeSettings(site.settings, sent));
      const changes = settingsDiff(
        { name: site.name, moderationMode: site.moderationMode, allowedOrigins: site.allowedOrigins, ...site.settings },
        {
          name: name ?? site.name,
          moderationMode: moderationMode ?? site.moderationMode,
          allowedOrigins: allowedOrigins !== undefined ? [...new Set(allowedOrigins)] : site.allowedOrigins,
          ...merged,
        },
      );
      if (ssoSecret !== undefined) changes.push({ setting: 'ssoSecret', before: site.ssoConfigured ? 'set' : '(none)', after: ssoSecret === null ? '(none)' : 'changed' });
      const at = now();
      await atomic(db, [
        updateSiteStatement(db, site.id, { name, moderationMode, allowedOrigins: allowedOrigins && [...new Set(allowedOrigins)], ssoSecret, settings: merged }, at),
        // Only what changed, before → after, as JSON the dashboard lays out; nothing when nothing did.
        ...(changes.length ? [auditStatement(db, c.var.session.editor, { siteId: site.id, action: 'settings.update', target: JSON.stringify(changes) }, at)] : []),
      ]);
      return c.json({ site: siteJson((await findSite(db, site.id))!) });
    });
}
