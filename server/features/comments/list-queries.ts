import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { AppDb } from '../../../db/client.ts';
import { comments, pages } from '../../../db/schema.ts';

/** The columns every public listing reads. */
export const listColumns = {
  id: comments.id,
  parentId: comments.parentId,
  authorName: comments.authorName,
  // Verified is "has an identity"; the avatar is a copy made at write time (see the schema), so
  // the listing stays one indexed query on comments alone.
  identityId: comments.identityId,
  authorAvatarUrl: comments.authorAvatarUrl,
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
  // A top-level comment that is not published but has published replies is listed too, as a
  // text-free placeholder (comment-json.ts), so every comment the page's count includes can be
  // reached. The second branch scans only the page's unpublished top-level comments.
  const top = (extra: ReturnType<typeof sql> | undefined, order: ReturnType<typeof asc>[]) =>
    db
      .select(listColumns)
      .from(comments)
      .where(and(eq(comments.pageId, p('pageId')), eq(comments.status, 'approved'), eq(comments.depth, 0), eq(comments.pinned, false), extra))
      .unionAll(
        db
          .select(listColumns)
          .from(comments)
          .where(and(eq(comments.pageId, p('pageId')), inArray(comments.status, HIDDEN_STATUSES), eq(comments.depth, 0), hasPublishedReply, extra)),
      )
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
      // Pinned comments are few by nature; this bounds a misconfigured page.
      .limit(20)
      .prepare(),
    newest: top(undefined, newest),
    newestAfter: top(sql`(${comments.createdAt}, ${comments.id}) < (${p('createdAt')}, ${p('id')})`, newest),
    oldest: top(undefined, oldest),
    oldestAfter: top(sql`(${comments.createdAt}, ${comments.id}) > (${p('createdAt')}, ${p('id')})`, oldest),
    top: top(undefined, top3),
    topAfter: top(sql`(${comments.score}, ${comments.createdAt}, ${comments.id}) < (${p('score')}, ${p('createdAt')}, ${p('id')})`, top3),
    // The first `perThread` shown replies of each listed thread, in one statement for any number
    // of threads (the ids travel as one JSON array). Each thread is read by its own index range
    // with its own limit, so a thread of 100,000 replies costs what one of 20 does.
    replies: db
      .select({ ...listColumns, rootId: comments.rootId })
      .from(comments)
      .where(
        sql`${comments.id} in (select k.id from json_each(${p('roots')}) r join comments k on k.id in (
          select j.id from comments j where j.root_id = r.value and ${shownReply('j')} order by j.created_at, j.id limit ${p('perThread')}))`,
      )
      .orderBy(asc(comments.createdAt), asc(comments.id))
      .prepare(),
    // The next shown replies of one thread after a "more replies" cursor, oldest first.
    moreReplies: db
      .select({ ...listColumns, rootId: comments.rootId })
      .from(comments)
      .where(
        and(
          eq(comments.rootId, p('rootId')),
          sql`(${comments.createdAt}, ${comments.id}) > (${p('createdAt')}, ${p('id')})`,
          shownReply('comments'),
        ),
      )
      .orderBy(asc(comments.createdAt), asc(comments.id))
      .limit(p('limit'))
      .prepare(),
  };
}

/** Statuses of comments readers do not see; with published replies they stay as placeholders. */
export const HIDDEN_STATUSES = ['pending', 'rejected', 'spam', 'deleted'] as const;

const hasPublishedReply = sql`exists (select 1 from comments d where d.root_id = ${comments.id} and d.status = 'approved')`;

/**
 * A reply is in its thread's listing when it is published, or when it is not but a published
 * reply answers it: then it stands as a placeholder so the thread keeps its shape.
 */
function shownReply(alias: string) {
  const t = sql.raw(alias);
  return sql`(${t}.status = 'approved' or exists (select 1 from comments x where x.parent_id = ${t}.id and x.status = 'approved'))`;
}

const cache = new WeakMap<object, ReturnType<typeof build>>();

export function listQueries(db: AppDb): ReturnType<typeof build> {
  let q = cache.get(db);
  if (!q) cache.set(db, (q = build(db)));
  return q;
}
