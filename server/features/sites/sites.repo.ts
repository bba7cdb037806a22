import { eq } from 'drizzle-orm';
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

function toSite(row: typeof sites.$inferSelect): Site {
  return {
    id: row.id,
    name: row.name,
    allowedOrigins: parseOrigins(row.allowedOrigins),
    moderationMode: row.moderationMode,
    settings: parseSiteSettings(row.settings),
    createdAt: row.createdAt,
  };
}

export async function findSite(db: AppDb, id: string): Promise<Site | undefined> {
  const row = await db.select().from(sites).where(eq(sites.id, id)).get();
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
