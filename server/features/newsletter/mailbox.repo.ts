import { and, desc, eq } from 'drizzle-orm';
import type { AppDb } from '../../../db/client.ts';
import { outbox } from '../../../db/schema.ts';

/** How many messages the mailbox shows. */
const SHOWN = 100;

/** The newest outbox rows (the development mailbox and the sent log), of one site or all, to one address or all. */
export async function newestMail(db: AppDb, filter: { siteId?: string | undefined; to?: string | undefined }) {
  const where = [];
  if (filter.siteId) where.push(eq(outbox.siteId, filter.siteId));
  if (filter.to) where.push(eq(outbox.toEmail, filter.to.toLowerCase()));
  return db
    .select()
    .from(outbox)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(SHOWN)
    .all();
}
