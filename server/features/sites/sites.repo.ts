import { eq, sql } from 'drizzle-orm';
import type { AtomicStatement } from '../../../db/atomic.ts';
import type { AppDb } from '../../../db/client.ts';
import { type ModerationMode, sites } from '../../../db/schema.ts';
import { parseSiteSettings, type SiteSettings } from './site-settings.ts';

/** A site as the features see it: JSON columns parsed. */
export interface Site {
  id: string;
  name: string;
  allowedOrigins: string[];
  moderationMode: ModerationMode;
  settings: SiteSettings;
  /** Whether publisher SSO is set up; the secret itself is read only by the SSO route. */
  ssoConfigured: boolean;
  createdAt: number;
}

function parseOrigins(raw: string): string[] {
  try {
    const value: unknown = JSON.parse(raw);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * Parsed sites by their stored row. Every public request loads its site; validating the JSON
 * settings each time cost more than the query, and rows change rarely. Keyed by content, so a
 * changed row is parsed afresh and nothing stale is ever served.
 */
const parsed = new Map<string, Site>();

function toSite(row: typeof sites.$inferSelect): Site {
  const key = `${row.id}\u0000${row.name}\u0000${row.allowedOrigins}\u0000${row.moderationMode}\u0000${row.settings}\u0000${row.createdAt}\u0000${row.ssoSecret !== null}`;
  let site = parsed.get(key);
  if (!site) {
    site = {
      id: row.id,
      name: row.name,
      allowedOrigins: parseOrigins(row.allowedOrigins),
      moderationMode: row.moderationMode,
      settings: parseSiteSettings(row.settings),
      ssoConfigured: row.ssoSecret !== null,
      createdAt: row.createdAt,
    };
    if (parsed.size >= 1000) parsed.clear();
    parsed.set(key, site);
  }
  return site;
}

const prepared = new WeakMap<object, ReturnType<typeof prepareFind>>();
function prepareFind(db: AppDb) {
  return db.select().from(sites).where(eq(sites.id, sql.placeholder('id'))).prepare();
}

export async function findSite(db: AppDb, id: string): Promise<Site | undefined> {
  let find = prepared.get(db);
  if (!find) prepared.set(db, (find = prepareFind(db)));
  const row = (await find.get({ id })) as typeof sites.$inferSelect | undefined;
  return row ? toSite(row) : undefined;
}

export async function listSites(db: AppDb): Promise<Site[]> {
  const rows = await db.select().from(sites).orderBy(sites.id).all();
  return rows.map(toSite);
}

export interface NewSite {
  id: string;
  name: string;
  allowedOrigins: string[];
  moderationMode?: ModerationMode;
}

/** Creates a site unless one with that id exists; answers whether it was created. */
export async function createSiteIfMissing(db: AppDb, site: NewSite, now: number): Promise<boolean> {
  const rows = await db
    .insert(sites)
    .values({
      id: site.id,
      name: site.name,
      allowedOrigins: JSON.stringify(site.allowedOrigins),
      moderationMode: site.moderationMode ?? 'post',
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing()
    .returning({ id: sites.id });
  return rows.length > 0;
}

/** Adds an origin to a site's allowed origins if it is not there yet. */
export async function allowOrigin(db: AppDb, siteId: string, origin: string, now: number): Promise<void> {
  const site = await findSite(db, siteId);
  if (!site || site.allowedOrigins.includes(origin)) return;
  await db
    .update(sites)
    .set({ allowedOrigins: JSON.stringify([...site.allowedOrigins, origin]), updatedAt: now })
    .where(eq(sites.id, siteId));
}

/** What an owner changed on a site; fields left out keep their stored value. */
export interface SiteChanges {
  name?: string | undefined;
  moderationMode?: ModerationMode | undefined;
  allowedOrigins?: string[] | undefined;
  /** null turns publisher SSO off. */
  ssoSecret?: string | null | undefined;
  /** The whole settings object, already merged and validated. */
  settings: SiteSettings;
}

export function updateSiteStatement(db: AppDb, siteId: string, changes: SiteChanges, at: number): AtomicStatement {
  const { name, moderationMode, allowedOrigins, ssoSecret, settings } = changes;
  return db
    .update(sites)
    .set({
      ...(name !== undefined ? { name } : {}),
      ...(moderationMode !== undefined ? { moderationMode } : {}),
      ...(allowedOrigins !== undefined ? { allowedOrigins: JSON.stringify(allowedOrigins) } : {}),
      ...(ssoSecret !== undefined ? { ssoSecret } : {}),
      settings: JSON.stringify(settings),
      updatedAt: at,
    })
    .where(eq(sites.id, siteId));
}
