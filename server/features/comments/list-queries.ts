import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { AppDb } from '../../../db/client.ts';
import { comments, pages } from '../../../db/schema.ts';

/** The columns every public listing reads. */
export const listColumns = {
  id: comments.id,
  parentId: comments.parentId,
  authorName: comments.authorName,
  bodyHtml: comments.bodyHtml,
  createdAt: comments.createdAt,
  editedAt: comments.editedAt,
  editedBy: comments.editedBy,
  score: comments.score,
  pinned: comments.pinned,
  status: comments.status,
  deletedAt: comments.deletedAt,
};

const p = sql.placeholder;

/**
 * The public listing's queries, prepared once per database. Listing is the hot path (every
 * reader of every article): building the SQL and asking SQLite to compile it on each request cost
 * ten times more than running it, so the statements are built with placeholders and kept.
 */
function build(db: AppDb) {
  const top = (extra: ReturnType<typeof sql> | undefined, order: ReturnType<typeof asc>[]) =>
    db
      .select(listColumns)
      .from(comments)
      .where(and(eq(comments.pageId, p('pageId')), eq(comments.status, 'approved'), eq(comments.depth, 0), eq(comments.pinned, false), extra))
      .orderBy(...order)
      .limit(p('limit'))
      .prepare();
  const newest = [desc(comments.createdAt), desc(comments.id)];
  const oldest = [asc(comments.createdAt), asc(comments.id)];
  const top3 = [desc(comments.score), desc(comments.createdAt), desc(comments.id)];
  return {
    page: db
      .select({ id: pages.id, key: pages.key, createdAt: pages.createdAt, title: pages.title, url: pages.url, commentCount: pages.commentCount, closed: pages.closed, version: pages.version })
      .from(pages)
      .where(and(eq(pages.siteId, p('siteId')), eq(pages.key, p('key'))))
      .prepare(),
    pinned: db
      .select(listColumns)
      .from(comments)
      .where(and(eq(comments.pageId, p('pageId')), eq(comments.status, 'approved'), eq(comments.depth, 0), eq(comments.pinned, true)))
      .orderBy(...newest)
      .limit(20)
      .prepare(),
    newest: top(undefined, newest),
    newestAfter: top(sql`(${comments.createdAt}, ${comments.id}) < (${p('createdAt')}, ${p('id')})`, newest),
    oldest: top(undefined, oldest),
    oldestAfter: top(sql`(${comments.createdAt}, ${comments.id}) > (${p('createdAt')}, ${p('id')})`, oldest),
    top: top(undefined, top3),
    topAfter: top(sql`(${comments.score}, ${comments.createdAt}, ${comments.id}) < (${p('score')}, ${p('createdAt')}, ${p('id')})`, top3),
    // One statement for any number of threads: the ids travel as one JSON array parameter.
    replies: db
      .select({ ...listColumns, rootId: comments.rootId })
      .from(comments)
      .where(and(sql`${comments.rootId} in (select value from json_each(${p('roots')}))`, eq(comments.status, 'approved')))
      .orderBy(asc(comments.createdAt), asc(comments.id))
      .limit(p('limit'))
      .prepare(),
  };
}

const cache = new WeakMap<object, ReturnType<typeof build>>();

export function listQueries(db: AppDb): ReturnType<typeof build> {
  let q = cache.get(db);
  if (!q) cache.set(db, (q = build(db)));
  return q;
}
