import { and, eq, inArray, sql } from 'drizzle-orm';
import type { AppDb } from '../../../db/client.ts';
import { type AtomicStatement, atomic, type PreparedWrite, preparesWrites } from '../../../db/atomic.ts';
import { preparedPer } from '../../../db/prepared.ts';
import { type CommentStatus, comments, pages } from '../../../db/schema.ts';
import type { CommentRow } from './comment-json.ts';
import type { Sort } from './comments.schemas.ts';
import type { Cursor } from './cursor.ts';

import { listColumns, listQueries } from './list-queries.ts';

/**
 * Replies shown under each listed thread; the rest come by its "more replies" cursor. Without a
 * cap per thread one listing of long threads could weigh tens of megabytes (listing-cache.ts).
 */
export const REPLIES_PER_THREAD = 20;

export interface PageRow {
  id: string;
  key: string;
  createdAt: number;
  title: string | null;
  url: string | null;
  commentCount: number;
  closed: boolean;
  /** Changes whenever anything about the page or its comments does (see pages.version). */
  version: number;
}

export async function findPage(db: AppDb, siteId: string, key: string): Promise<PageRow | undefined> {
  return (await listQueries(db).page.get({ siteId, key })) as PageRow | undefined;
}

/** Pinned top-level comments of a page, listed before the others whatever the sort. */
export async function listPinned(db: AppDb, pageId: string): Promise<CommentRow[]> {
  return (await listQueries(db).pinned.all({ pageId })) as CommentRow[];
}

/**
 * One page of a page's approved, unpinned top-level comments after `cursor`, in `sort` order.
 * Keyset pagination over the matching index, so the 50th page costs what the first does.
 */
export async function listTopLevel(db: AppDb, pageId: string, sort: Sort, cursor: Cursor | undefined, limit: number): Promise<CommentRow[]> {
  const q = listQueries(db);
  if (!cursor) return (await q[sort].all({ pageId, limit })) as CommentRow[];
  const after = { newest: q.newestAfter, oldest: q.oldestAfter, top: q.topAfter }[sort];
  return (await after.all({ pageId, limit, score: cursor.score, createdAt: cursor.createdAt, id: cursor.id })) as CommentRow[];
}

export type ReplyRow = CommentRow & { rootId: string | null };

/**
 * The first `perThread` listed replies of each given thread, oldest first, and for each thread
 * that has more, the last reply returned (where its "more replies" cursor starts).
 */
export async function listReplies(db: AppDb, rootIds: string[], perThread = REPLIES_PER_THREAD): Promise<{ rows: ReplyRow[]; more: Map<string, ReplyRow> }> {
  if (rootIds.length === 0) return { rows: [], more: new Map() };
  const fetched = (await listQueries(db).replies.all({ roots: JSON.stringify(rootIds), perThread: perThread + 1 })) as ReplyRow[];
  return capPerThread(fetched, perThread);
}

/** The next `limit` listed replies of one thread after (createdAt, id), and the last if more follow. */
export async function listMoreReplies(db: AppDb, rootId: string, after: { createdAt: number; id: string }, limit: number): Promise<{ rows: ReplyRow[]; more: Map<string, ReplyRow> }> {
  const fetched = (await listQueries(db).moreReplies.all({ rootId, createdAt: after.createdAt, id: after.id, limit: limit + 1 })) as ReplyRow[];
  return capPerThread(fetched, limit);
}

/** Keeps `cap` rows of each thread (rows come oldest first), noting the threads that had more. */
function capPerThread(fetched: ReplyRow[], cap: number): { rows: ReplyRow[]; more: Map<string, ReplyRow> } {
  const seen = new Map<string, number>();
  const rows: ReplyRow[] = [];
  const more = new Map<string, ReplyRow>();
  for (const row of fetched) {
    const root = row.rootId ?? '';
    const n = (seen.get(root) ?? 0) + 1;
    seen.set(root, n);
    if (n <= cap) rows.push(row);
    else if (n === cap + 1) more.set(root, rows.findLast((r) => r.rootId === row.rootId)!);
  }
  return { rows, more };
}

/**
 * The counts query for `n` keys (count.js asks for 1 to 50 at once), prepared once per database
 * and arity: building it per request cost more than running it, and made counts the slowest read.
 */
const countQueries = preparedPer((db) => {
  const byArity = new Map<number, ReturnType<typeof prepareCounts>>();
  function prepareCounts(n: number) {
    const keys = Array.from({ length: n }, (_, i) => sql.placeholder(`k${i}`));
    return db.select({ key: pages.key, count: pages.commentCount }).from(pages).where(and(eq(pages.siteId, sql.placeholder('siteId')), inArray(pages.key, keys))).prepare();
  }
  return (n: number) => {
    let query = byArity.get(n);
    if (!query) byArity.set(n, (query = prepareCounts(n)));
    return query;
  };
});

export async function countsForPages(db: AppDb, siteId: string, keys: string[]): Promise<Map<string, number>> {
  const values: Record<string, string> = { siteId };
  keys.forEach((key, i) => (values[`k${i}`] = key));
  const rows = (await countQueries(db)(keys.length).all(values)) as { key: string; count: number }[];
  return new Map(rows.map((r) => [r.key, r.count]));
}

export interface ParentRow {
  id: string;
  pageId: string;
  siteId: string;
  rootId: string | null;
  depth: number;
  status: CommentStatus;
}

export async function findParent(db: AppDb, id: string): Promise<ParentRow | undefined> {
  return (await postQueries(db).parent.get({ id })) as ParentRow | undefined;
}

/** Whether this email already has an approved comment on the site (for "first comment" moderation). */
export async function hasApprovedComment(db: AppDb, siteId: string, email: string): Promise<boolean> {
  const row = await db
    .select({ id: comments.id })
    .from(comments)
    .where(and(eq(comments.siteId, siteId), eq(comments.authorEmail, email), eq(comments.status, 'approved')))
    .limit(1)
    .get();
  return row !== undefined;
}

// Asked on every post: prepared once per database.
const postQueries = preparedPer((db) => ({
  parent: db
    .select({ id: comments.id, pageId: comments.pageId, siteId: comments.siteId, rootId: comments.rootId, depth: comments.depth, status: comments.status })
    .from(comments)
    .where(eq(comments.id, sql.placeholder('id')))
    .prepare(),
}));

export interface InsertComment {
  id: string;
  siteId: string;
  pageKey: string;
  pageUrl: string | undefined;
  pageTitle: string | undefined;
  parent: ParentRow | undefined;
  authorName: string;
  authorEmail: string | undefined;
  /** The signed-in reader who wrote it, and their SSO avatar at the time. */
  identityId?: string | undefined;
  authorAvatarUrl?: string | null | undefined;
  bodySource: string;
  bodyHtml: string;
  status: CommentStatus;
  heldReasons: string[];
  spamScore: number;
  spamReasons: string[];
  bodyHash: string | undefined;
  ipHash: string | undefined;
  authorKey: string | undefined;
  editTokenHash: string;
  now: number;
  newPageId: string;
  /** More statements for the same atomic write (emails caused by this comment). */
  alsoRun?: AtomicStatement[];
}

/**
 * Writes a comment and, in the same atomic write, creates its page on first use and keeps the
 * page's count of approved comments. The page id comes from a subquery so two first comments
 * racing to create the page both land on the one row that wins.
 */
export async function insertComment(db: AppDb, c: InsertComment): Promise<CommentRow & { pageId: string }> {
  const values: InsertValues = {
    id: c.id,
    newPageId: c.newPageId,
    siteId: c.siteId,
    pageKey: c.pageKey,
    pageUrl: c.pageUrl ?? null,
    pageTitle: c.pageTitle ?? null,
    parentId: c.parent?.id ?? null,
    rootId: c.parent ? (c.parent.rootId ?? c.parent.id) : null,
    depth: c.parent ? c.parent.depth + 1 : 0,
    authorName: c.authorName,
    authorEmail: c.authorEmail ?? null,
    identityId: c.identityId ?? null,
    authorAvatarUrl: c.authorAvatarUrl ?? null,
    bodySource: c.bodySource,
    bodyHtml: c.bodyHtml,
    status: c.status,
    heldReasons: JSON.stringify(c.heldReasons),
    spamScore: c.spamScore,
    spamReasons: JSON.stringify(c.spamReasons),
    bodyHash: c.bodyHash ?? null,
    ipHash: c.ipHash ?? null,
    authorKey: c.authorKey ?? null,
    editTokenHash: c.editTokenHash,
    now: c.now,
  };
  const approved = c.status === 'approved';
  let statements: (AtomicStatement | PreparedWrite)[];
  if (preparesWrites(db)) {
    let prepared = preparedInserts.get(db);
    if (!prepared) {
      const built = insertStatements(db, sql.placeholder as Values);
      prepared = { upsertPage: built.upsertPage.prepare(), insert: built.insert.prepare(), countApproved: built.countApproved.prepare() };
      preparedInserts.set(db, prepared);
    }
    statements = [
      { prepared: prepared.upsertPage, values, returning: false },
      { prepared: prepared.insert, values, returning: true },
      ...(approved ? [{ prepared: prepared.countApproved, values, returning: false }] : []),
    ];
  } else {
    const built = insertStatements(db, ((name: keyof InsertValues) => values[name]) as Values);
    statements = [built.upsertPage, built.insert, ...(approved ? [built.countApproved] : [])];
  }
  statements.push(...(c.alsoRun ?? []));
  const results = await atomic(db, statements);
  const [row] = results[1] as (CommentRow & { pageId: string })[];
  if (!row) throw new Error('comment insert returned no row');
  return row;
}

/** The values of one comment insert, by the names its statements' placeholders use. */
type InsertValues = {
  id: string;
  newPageId: string;
  siteId: string;
  pageKey: string;
  pageUrl: string | null;
  pageTitle: string | null;
  parentId: string | null;
  rootId: string | null;
  depth: number;
  authorName: string;
  authorEmail: string | null;
  identityId: string | null;
  authorAvatarUrl: string | null;
  bodySource: string;
  bodyHtml: string;
  status: CommentStatus;
  heldReasons: string;
  spamScore: number;
  spamReasons: string;
  bodyHash: string | null;
  ipHash: string | null;
  authorKey: string | null;
  editTokenHash: string;
  now: number;
};

/** Where a statement takes a value: a placeholder (prepared once) or the value itself (D1). */
type Values = <K extends keyof InsertValues>(name: K) => InsertValues[K];

/**
 * The statements of a comment insert, written once for both drivers: with placeholders they are
 * prepared once per database (better-sqlite3), with values they are built for D1's batch.
 */
function insertStatements(db: AppDb, v: Values) {
  const pageIdOf = sql<string>`(select ${pages.id} from ${pages} where ${pages.siteId} = ${v('siteId')} and ${pages.key} = ${v('pageKey')})`;
  return {
    upsertPage: db
      .insert(pages)
      .values({ id: v('newPageId'), siteId: v('siteId'), key: v('pageKey'), url: v('pageUrl'), title: v('pageTitle'), createdAt: v('now'), updatedAt: v('now') })
      .onConflictDoUpdate({
        target: [pages.siteId, pages.key],
        // Keep what the page already has; fill in a title or URL it lacked.
        set: { title: sql`coalesce(${pages.title}, excluded.title)`, url: sql`coalesce(${pages.url}, excluded.url)` },
      }),
    insert: db
      .insert(comments)
      .values({
        id: v('id'),
        siteId: v('siteId'),
        pageId: pageIdOf,
        parentId: v('parentId'),
        rootId: v('rootId'),
        depth: v('depth'),
        authorName: v('authorName'),
        authorEmail: v('authorEmail'),
        identityId: v('identityId'),
        authorAvatarUrl: v('authorAvatarUrl'),
        bodySource: v('bodySource'),
        bodyHtml: v('bodyHtml'),
        status: v('status'),
        heldReasons: v('heldReasons'),
        spamScore: v('spamScore'),
        spamReasons: v('spamReasons'),
        bodyHash: v('bodyHash'),
        ipHash: v('ipHash'),
        authorKey: v('authorKey'),
        editTokenHash: v('editTokenHash'),
        createdAt: v('now'),
        updatedAt: v('now'),
      })
      .returning({ ...listColumns, pageId: comments.pageId }),
    // Only for an approved comment: the page counts what readers can read.
    countApproved: db
      .update(pages)
      .set({ commentCount: sql`${pages.commentCount} + 1`, updatedAt: v('now') })
      .where(and(eq(pages.siteId, v('siteId')), eq(pages.key, v('pageKey')))),
  };
}

type InsertPrepared = { [K in keyof ReturnType<typeof insertStatements>]: PreparedWrite['prepared'] };
const preparedInserts = new WeakMap<AppDb, InsertPrepared>();

/**
 * The top-level comment of the thread a published comment (or a "[deleted]" placeholder) is in,
 * and its page's key; undefined when the comment is not shown to readers.
 */
export async function findThreadOf(db: AppDb, siteId: string, id: string): Promise<{ root: CommentRow; pageKey: string } | undefined> {
  const target = await db
    .select({ rootId: comments.rootId, status: comments.status, pageKey: pages.key })
    .from(comments)
    .innerJoin(pages, eq(pages.id, comments.pageId))
    .where(and(eq(comments.id, id), eq(comments.siteId, siteId)))
    .get();
  if (!target || target.status !== 'approved') return undefined;
  const root = await db
    .select(listColumns)
    .from(comments)
    // Whatever its status: under a published comment it is listed, as a placeholder if need be.
    .where(eq(comments.id, target.rootId ?? id))
    .get();
  return root ? { root: root as CommentRow, pageKey: target.pageKey } : undefined;
}

/** Whether `id` is a top-level comment of this site (a thread whose replies may be listed). */
export async function isThreadOf(db: AppDb, siteId: string, id: string): Promise<boolean> {
  const row = await db
    .select({ depth: comments.depth })
    .from(comments)
    .where(and(eq(comments.id, id), eq(comments.siteId, siteId)))
    .get();
  return row?.depth === 0;
}

/** The browser key a comment was written with (a guest's own comment is recognised by it). */
export async function authorKeyOf(db: AppDb, commentId: string): Promise<string | null | undefined> {
  const row = await db.select({ authorKey: comments.authorKey }).from(comments).where(eq(comments.id, commentId)).get();
  return row?.authorKey;
}

/** What an author's edit changes: the text, its rendering and what the checks made of it. */
export interface AuthorEdit {
  bodySource: string;
  bodyHtml: string;
  bodyHash: string | null;
  spamScore: number;
  spamReasons: string[];
  heldReasons: string[];
  ipHash: string | undefined;
}

/** The update of an author's edit, answering the comment as listed (for one atomic write). */
export function authorEditStatement(db: AppDb, commentId: string, edit: AuthorEdit, at: number) {
  return db
    .update(comments)
    .set({
      bodySource: edit.bodySource,
      bodyHtml: edit.bodyHtml,
      bodyHash: edit.bodyHash,
      spamScore: edit.spamScore,
      spamReasons: JSON.stringify(edit.spamReasons),
      heldReasons: JSON.stringify(edit.heldReasons),
      ...(edit.ipHash ? { ipHash: edit.ipHash } : {}),
      editedAt: at,
      editedBy: 'author',
      updatedAt: at,
    })
    .where(eq(comments.id, commentId))
    .returning(listColumns);
}

/** Held (pending) comments on a page among `ids`, with the hash of each one's edit token. */
export async function heldWithTokens(db: AppDb, pageId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ ...listColumns, editTokenHash: comments.editTokenHash })
    .from(comments)
    .where(and(eq(comments.pageId, pageId), eq(comments.status, 'pending'), inArray(comments.id, ids)))
    .all();
}

/** Held (pending) comments on a page written by a signed-in identity. */
export async function heldByIdentity(db: AppDb, pageId: string, identityId: string): Promise<CommentRow[]> {
  return db
    .select(listColumns)
    .from(comments)
    .where(and(eq(comments.pageId, pageId), eq(comments.status, 'pending'), eq(comments.identityId, identityId)))
    .all();
}
