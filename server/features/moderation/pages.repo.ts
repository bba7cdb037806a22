import { and, eq } from 'drizzle-orm';
import type { AtomicStatement } from '../../../db/atomic.ts';
import type { AppDb } from '../../../db/client.ts';
import { pages } from '../../../db/schema.ts';

/** The id of a site's page by its key, if the page exists. */
export async function findPageId(db: AppDb, siteId: string, key: string): Promise<string | undefined> {
  const page = await db.select({ id: pages.id }).from(pages).where(and(eq(pages.siteId, siteId), eq(pages.key, key))).get();
  return page?.id;
}

/** Closes (or reopens) a page's thread to new comments. */
export function setPageClosedStatement(db: AppDb, pageId: string, closed: boolean, at: number): AtomicStatement {
  return db.update(pages).set({ closed, updatedAt: at }).where(eq(pages.id, pageId));
}
