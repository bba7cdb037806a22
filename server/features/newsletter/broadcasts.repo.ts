import { and, desc, eq } from 'drizzle-orm';
import type { AppDb } from '../../../db/client.ts';
import { broadcasts, pages } from '../../../db/schema.ts';
import { newId } from '../../ids.ts';

export type BroadcastRow = typeof broadcasts.$inferSelect;

/** How many broadcasts the dashboard's list shows, newest first. */
const LISTED = 100;

export async function findBroadcast(db: AppDb, id: string): Promise<BroadcastRow | undefined> {
  return db.select().from(broadcasts).where(eq(broadcasts.id, id)).get();
}

/** The newest broadcasts of a site. */
export async function listBroadcasts(db: AppDb, siteId: string): Promise<BroadcastRow[]> {
  return db.select().from(broadcasts).where(eq(broadcasts.siteId, siteId)).orderBy(desc(broadcasts.createdAt)).limit(LISTED).all();
}

/** A new draft: Markdown, not sent to anyone yet. */
export async function insertBroadcast(db: AppDb, draft: { siteId: string; subject: string; bodySource: string; createdBy: string; createdAt: number }): Promise<BroadcastRow> {
  const [row] = await db
    .insert(broadcasts)
    .values({ id: newId(), ...draft })
    .returning();
  return row!;
}

/** The page a story update goes out for: its id (the followers' target) and title, if the site has it. */
export async function findStoryPage(db: AppDb, siteId: string, key: string): Promise<{ id: string; title: string | null } | undefined> {
  return db.select({ id: pages.id, title: pages.title }).from(pages).where(and(eq(pages.siteId, siteId), eq(pages.key, key))).get();
}
