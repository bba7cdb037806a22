import { asc, count, eq } from 'drizzle-orm';
import { openSqlite } from '../../db/open-sqlite.ts';
import type { AppDb } from '../../db/client.ts';
import { comments, importedComments, importPending, pages, type ImportSource } from '../../db/schema.ts';
import type { PageKeyMode } from '../../server/features/import/import-model.ts';
import type { ImportSummary } from '../../server/features/import/import-summary.ts';
import { runImport } from '../../server/features/import/run-import.ts';
import { createSiteIfMissing } from '../../server/features/sites/sites.repo.ts';

export const NOW = Date.UTC(2026, 10, 30, 12, 0, 0);

/** A migrated in-memory database with a site `news`. */
export async function importDb(): Promise<{ db: AppDb; close(): void }> {
  const opened = openSqlite(':memory:');
  await createSiteIfMissing(opened.db, { id: 'news', name: 'Example News', allowedOrigins: [], moderationMode: 'post' }, NOW);
  return opened;
}

/**
 * The bytes of `text` in small uneven chunks, so element names, entities, CDATA markers and
 * multi-byte characters get split across chunk boundaries as they do in a real file stream.
 */
export async function* inChunks(bytes: Uint8Array, sizes = [7, 1, 13, 64, 3]): AsyncGenerator<Uint8Array> {
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const size = sizes[i % sizes.length]!;
    yield bytes.slice(at, at + size);
    at += size;
  }
}

export interface ImportCall {
  dryRun?: boolean;
  pageKey?: PageKeyMode;
  now?: number;
  file?: string;
}

export function importText(db: AppDb, source: ImportSource, xml: string | Uint8Array, call: ImportCall = {}): Promise<ImportSummary> {
  const bytes = typeof xml === 'string' ? new TextEncoder().encode(xml) : xml;
  return runImport({
    db,
    siteId: 'news',
    source,
    file: call.file ?? `${source}.xml`,
    bytes: inChunks(bytes),
    dryRun: call.dryRun ?? false,
    pageKey: call.pageKey ?? 'path',
    now: call.now ?? NOW,
  });
}

/** Every row an import can write, counted; equal before and after means nothing was written. */
export async function tableCounts(db: AppDb): Promise<Record<string, number>> {
  const n = async (table: typeof comments | typeof pages | typeof importedComments | typeof importPending) => (await db.select({ n: count() }).from(table).get())!.n;
  return { comments: await n(comments), pages: await n(pages), importedComments: await n(importedComments), importPending: await n(importPending) };
}

/** Imported comments with their source id, page key and parent's source id, for assertions. */
export async function importedRows(db: AppDb) {
  const rows = await db
    .select({
      externalId: importedComments.externalId,
      id: comments.id,
      parentId: comments.parentId,
      rootId: comments.rootId,
      depth: comments.depth,
      status: comments.status,
      authorName: comments.authorName,
      authorEmail: comments.authorEmail,
      bodySource: comments.bodySource,
      bodyHtml: comments.bodyHtml,
      createdAt: comments.createdAt,
      pageKey: pages.key,
      pageTitle: pages.title,
      pageUrl: pages.url,
      pageCount: pages.commentCount,
    })
    .from(importedComments)
    .innerJoin(comments, eq(comments.id, importedComments.commentId))
    .innerJoin(pages, eq(pages.id, comments.pageId))
    .orderBy(asc(comments.createdAt), asc(importedComments.externalId))
    .all();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return rows.map((r) => ({ ...r, parent: r.parentId ? byId.get(r.parentId)?.externalId : undefined, root: r.rootId ? byId.get(r.rootId)?.externalId : undefined }));
}
