import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { AppDb } from '../../../db/client.ts';
import { atomic, type AtomicStatement } from '../../../db/atomic.ts';
import { comments, importedComments, importPending, pages, type ImportSource } from '../../../db/schema.ts';
import { newId } from '../../ids.ts';
import type { ImportComment, ImportPage } from './import-model.ts';
import { countSkip, type ImportSummary } from './import-summary.ts';
import { linkReplies } from './link-replies.ts';

/** Comments written per atomic write: big enough to be fast, small enough to commit steadily. */
const BATCH = 500;
/**
 * Rows per INSERT. D1 allows 100 bound parameters a statement; SQLite itself 32,766, and on
 * better-sqlite3 each statement costs a prepare, so there fewer, larger statements are faster.
 */
const ROWS_PER_INSERT = { d1: { comments: 6, links: 16 }, sqlite: { comments: 60, links: 160 } };
/** Ids per `IN (…)` lookup, under the same limit. */
const IDS_PER_LOOKUP = 90;

type PageState = { page: ImportPage; id?: string } | { skipped: string };

export interface WriterOptions {
  siteId: string;
  source: ImportSource;
  dryRun: boolean;
  now: number;
}

/**
 * Takes pages and comments as the format readers find them and writes them in batches.
 *
 * - Pages are made when their first comment is written, so threads without comments add nothing.
 * - A comment whose page the file has not described yet (Disqus lists posts and threads in any
 *   order) is parked in `import_pending` and written at the end, when every page is known.
 * - Each comment's source id goes in `imported_comments` with it; ids already there are left
 *   alone, which makes a second import of the same file change nothing.
 * - Parents are linked at the end by SQL, because a reply may come before its parent.
 * A dry run reads the database to tell new from existing, and writes nothing.
 */
export class ImportWriter {
  private readonly pageStates = new Map<string, PageState>();
  private batch: ImportComment[] = [];
  private parked: { threadRef: string; payload: string }[] = [];
  private parkedSeq = 0;
  /** Dry runs keep parked comments as counts per page ref and status instead of rows. */
  private readonly parkedCounts = new Map<string, Map<ImportComment['status'], number>>();
  private readonly runId = newId();
  private readonly rowsPerInsert: { comments: number; links: number };

  constructor(
    private readonly db: AppDb,
    private readonly options: WriterOptions,
    readonly summary: ImportSummary,
  ) {
    // D1 is the driver with batch(); see db/atomic.ts.
    this.rowsPerInsert = typeof (db as unknown as { batch?: unknown }).batch === 'function' ? ROWS_PER_INSERT.d1 : ROWS_PER_INSERT.sqlite;
  }

  page(page: ImportPage): void {
    const known = this.pageStates.get(page.ref);
    // The first description wins (a duplicated thread in an export must not move comments).
    if (!known) this.pageStates.set(page.ref, { page });
  }

  pageSkipped(ref: string, reason: string): void {
    if (!this.pageStates.has(ref)) this.pageStates.set(ref, { skipped: reason });
  }

  skip(reason: string): void {
    countSkip(this.summary, reason);
  }

  async comment(comment: ImportComment): Promise<void> {
    const state = this.pageStates.get(comment.pageRef);
    if (state && 'skipped' in state) return countSkip(this.summary, `comment on a skipped page (${state.skipped})`);
    if (!state) return this.park(comment);
    this.batch.push(comment);
    if (this.batch.length >= BATCH) await this.flush();
  }

  private async park(comment: ImportComment): Promise<void> {
    if (this.options.dryRun) {
      // Parked comments are rare (a post before its thread), so each is looked up on its own.
      if ((await this.alreadyImported([comment.externalId])).size > 0) {
        this.summary.alreadyImported++;
        return;
      }
      const counts = this.parkedCounts.get(comment.pageRef) ?? new Map();
      counts.set(comment.status, (counts.get(comment.status) ?? 0) + 1);
      this.parkedCounts.set(comment.pageRef, counts);
      return;
    }
    this.parked.push({ threadRef: comment.pageRef, payload: JSON.stringify(comment) });
    if (this.parked.length >= BATCH) await this.flushParked();
  }

  private async flushParked(): Promise<void> {
    if (this.parked.length === 0) return;
    const rows = this.parked.splice(0).map((p) => ({ runId: this.runId, seq: this.parkedSeq++, ...p }));
    const statements: AtomicStatement[] = [];
    for (let i = 0; i < rows.length; i += this.rowsPerInsert.links) statements.push(this.db.insert(importPending).values(rows.slice(i, i + this.rowsPerInsert.links)));
    await atomic(this.db, statements);
  }

  /** Writes what is batched; called as the batch fills and at the end. */
  async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    const batch = this.batch;
    this.batch = [];
    const unique = new Map<string, ImportComment>();
    for (const c of batch) {
      if (unique.has(c.externalId)) countSkip(this.summary, 'same comment id twice in the file');
      else unique.set(c.externalId, c);
    }
    const existing = await this.alreadyImported([...unique.keys()]);
    const fresh = [...unique.values()].filter((c) => !existing.has(c.externalId));
    this.summary.alreadyImported += unique.size - fresh.length;
    if (fresh.length === 0) return;
    const pageIds = await this.pageIdsFor(fresh);
    for (const c of fresh) this.summary.comments[c.status]++;
    if (this.options.dryRun) return;

    const { siteId, source, now } = this.options;
    const rows = fresh.map((c) => ({
      comment: {
        id: newId(),
        siteId,
        pageId: pageIds.get(c.pageRef)!,
        parentId: null,
        rootId: null,
        depth: 0,
        authorName: c.authorName,
        authorEmail: c.authorEmail,
        bodySource: c.bodySource,
        bodyHtml: c.bodyHtml,
        status: c.status,
        createdAt: c.createdAt,
        updatedAt: c.createdAt,
      },
      c,
    }));
    const statements: AtomicStatement[] = [];
    const { comments: commentRows, links: linkRows } = this.rowsPerInsert;
    for (let i = 0; i < rows.length; i += commentRows) {
      statements.push(this.db.insert(comments).values(rows.slice(i, i + commentRows).map((r) => r.comment)));
    }
    for (let i = 0; i < rows.length; i += linkRows) {
      statements.push(
        this.db.insert(importedComments).values(
          rows.slice(i, i + linkRows).map((r) => ({
            siteId,
            source,
            externalId: r.c.externalId,
            commentId: r.comment.id,
            externalParentId: r.c.externalParentId,
            createdAt: now,
          })),
        ),
      );
    }
    await atomic(this.db, statements);
  }

  private async alreadyImported(ids: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    const { siteId, source } = this.options;
    for (let i = 0; i < ids.length; i += IDS_PER_LOOKUP) {
      const rows = await this.db
        .select({ id: importedComments.externalId })
        .from(importedComments)
        .where(and(eq(importedComments.siteId, siteId), eq(importedComments.source, source), inArray(importedComments.externalId, ids.slice(i, i + IDS_PER_LOOKUP))))
        .all();
      for (const r of rows) found.add(r.id);
    }
    return found;
  }

  /** The page id of each comment's page, making (or, in a dry run, looking up) pages as needed. */
  private async pageIdsFor(batch: ImportComment[]): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    for (const c of batch) {
      if (ids.has(c.pageRef)) continue;
      const state = this.pageStates.get(c.pageRef) as { page: ImportPage; id?: string };
      state.id ??= await this.ensurePage(state.page);
      ids.set(c.pageRef, state.id);
    }
    return ids;
  }

  private async ensurePage(page: ImportPage): Promise<string> {
    const { siteId, now, dryRun } = this.options;
    if (dryRun) {
      const found = await this.db.select({ id: pages.id }).from(pages).where(and(eq(pages.siteId, siteId), eq(pages.key, page.key))).get();
      if (found) this.summary.pages.existing++;
      else this.summary.pages.created++;
      return found?.id ?? `new:${page.key}`;
    }
    const proposed = newId();
    // A page already there keeps its own title and URL; the export only fills what is missing.
    const [row] = await this.db
      .insert(pages)
      .values({ id: proposed, siteId, key: page.key, url: page.url, title: page.title, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({
        target: [pages.siteId, pages.key],
        set: { title: sql`coalesce(${pages.title}, excluded.title)`, url: sql`coalesce(${pages.url}, excluded.url)` },
      })
      .returning({ id: pages.id });
    if (row!.id === proposed) this.summary.pages.created++;
    else this.summary.pages.existing++;
    return row!.id;
  }

  /**
   * Writes what is left: the batch, then the parked comments now that every page is known
   * (those whose page never appeared are skipped), then links replies and recounts pages.
   */
  async finish(): Promise<void> {
    await this.flush();
    if (this.options.dryRun) {
      for (const [ref, counts] of this.parkedCounts) {
        const state = this.pageStates.get(ref);
        for (const [status, n] of counts) {
          if (!state) countSkip(this.summary, 'comment whose thread is not in the file', n);
          else if ('skipped' in state) countSkip(this.summary, `comment on a skipped page (${state.skipped})`, n);
          else this.summary.comments[status] += n;
        }
        if (state && 'page' in state && !state.id) {
          state.id = await this.ensurePage(state.page);
        }
      }
      return;
    }
    await this.flushParked();
    let after = -1;
    for (;;) {
      const rows = await this.db
        .select({ seq: importPending.seq, threadRef: importPending.threadRef, payload: importPending.payload })
        .from(importPending)
        .where(and(eq(importPending.runId, this.runId), gt(importPending.seq, after)))
        .orderBy(asc(importPending.seq))
        .limit(BATCH)
        .all();
      if (rows.length === 0) break;
      after = rows.at(-1)!.seq;
      for (const row of rows) {
        if (!this.pageStates.has(row.threadRef)) countSkip(this.summary, 'comment whose thread is not in the file');
        else await this.comment(JSON.parse(row.payload) as ImportComment);
      }
    }
    await this.flush();
    await this.settle();
  }

  /** Links replies, recounts pages and clears parked rows; also run after a failed import. */
  async settle(): Promise<void> {
    if (this.options.dryRun) return;
    await this.db.delete(importPending).where(eq(importPending.runId, this.runId));
    this.summary.orphans = await linkReplies(this.db, this.options);
  }
}
