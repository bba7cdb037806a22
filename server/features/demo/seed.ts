import { and, eq, sql } from 'drizzle-orm';
import type { AppDb } from '../../../db/client.ts';
import { atomic } from '../../../db/atomic.ts';
import { rowsPerInsert } from '../../../db/chunks.ts';
import { comments, pages } from '../../../db/schema.ts';
import { newId } from '../../ids.ts';
import { renderCommentMarkdown } from '../comments/render-markdown.ts';

const FIRST = ['Ana', 'Ben', 'Chloé', 'Dmitri', 'Esra', 'Farid', 'Greta', 'Hiro', 'Ines', 'Jonas', 'Kofi', 'Lena', 'Mateo', 'Nadia', 'Oskar', 'Priya', 'Quinn', 'Rosa', 'Sven', 'Tariq', 'Uma', 'Viktor', 'Wen', 'Yusuf', 'Zofia'];
const LAST = ['M.', 'Okafor', 'Lindqvist', 'Tanaka', 'Mendes', 'K.', 'Novak', 'Haddad', 'Brennan', 'Sørensen', 'R.', 'Costa'];
const HANDLES = ['harbourwatcher', 'seaview_resident', 'old_ferryman', 'gridnerd', 'quietcyclist', 'NorthgateNeighbour'];

const OPENERS = [
  'Finally some good news for the harbour.',
  'I was at the hearing until the end, and this article gets the mood right.',
  'Good reporting, thank you.',
  'I have mixed feelings about this.',
  'My family has fished here for three generations.',
  'I live in Seaview and I am not worried.',
  '',
];
const MIDDLES = [
  'The compensation fund seems small compared with what the crews stand to lose in a bad season',
  'The maintenance base in the old ferry terminal is the part that will actually bring jobs to town',
  'From Seaview the turbines will be about the size of a thumbnail on the horizon',
  'I would like to see the **visual impact study** before construction starts, not after',
  'The grid connection is the real bottleneck, not the council vote',
  'The exclusion zone around the spawning grounds was the right call',
  'The consortium has delivered similar projects on time elsewhere',
  'Nobody mentioned what happens to the turbines after thirty years',
];
const CLOSERS = [
  'Will the information evening be streamed?',
  'See the [regulator’s guidance](https://example.org/offshore-guidance) for how the permit works.',
  'Curious what others think.',
  'Either way, glad it was decided in public.',
  '',
  'We will see in 2029.',
];
const REPLIES = [
  'Agreed, that part was missing from the debate.',
  'Not sure about that — the figures in the last paragraph suggest otherwise.',
  'Thanks, I had not thought about it that way.',
  'The information evening is on 3 December at the maritime museum.',
  'Source? I read the opposite in the council minutes.',
  'This. Exactly this.',
  '> the real bottleneck\n\nYes, and the regulator is slow.',
  'My father worked at the ferry terminal; good to see it used again.',
];

/** A small deterministic generator so seeded data is the same run after run. */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

export interface SeedOptions {
  siteId: string;
  pageKey: string;
  pageTitle?: string;
  pageUrl?: string;
  /** Top-level comments to add. */
  comments: number;
  /** Replies to add under each top-level comment (spread over nested levels). */
  replies: number;
  /** The newest comment's time; older ones step back from it. */
  now: number;
  seed?: number;
  /**
   * Rows per INSERT. The default keeps a statement under D1's 100 bound parameters; on
   * better-sqlite3 a larger number makes big seeds (the benchmark's million comments) faster.
   */
  rowsPerInsert?: number;
}

/** Rows written per statement by default; keeps each INSERT under D1's bound-parameter limit. */
const ROWS_PER_INSERT = rowsPerInsert(comments);
/** Statements per atomic write, so a large seed commits in steady chunks. */
const STATEMENTS_PER_WRITE = 50;

/**
 * Fills a page with realistic, approved demo comments and replies (for the demo article and the
 * benchmark). Adds to what the page already has; the page is created if needed.
 * @returns how many comments were written.
 */
export async function seedComments(db: AppDb, options: SeedOptions): Promise<number> {
  const rnd = random(options.seed ?? 42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const rendered = new Map<string, string>();
  const render = (source: string) => {
    let html = rendered.get(source);
    if (html === undefined) rendered.set(source, (html = renderCommentMarkdown(source)));
    return html;
  };
  const name = () => (rnd() < 0.2 ? pick(HANDLES) : `${pick(FIRST)} ${pick(LAST)}`);

  await db
    .insert(pages)
    .values({
      id: newId(),
      siteId: options.siteId,
      key: options.pageKey,
      title: options.pageTitle ?? null,
      url: options.pageUrl ?? null,
      createdAt: options.now,
      updatedAt: options.now,
    })
    .onConflictDoNothing();
  const page = await db
    .select({ id: pages.id })
    .from(pages)
    .where(and(eq(pages.siteId, options.siteId), eq(pages.key, options.pageKey)))
    .get();
  if (!page) throw new Error(`could not create page ${options.pageKey}`);

  type Row = typeof comments.$inferInsert;
  const rows: Row[] = [];
  const total = options.comments * (1 + options.replies);
  // Spread the thread over the last few days: a minute or so between top-level comments.
  const spacing = Math.max(1000, Math.floor((3 * 86_400_000) / Math.max(1, options.comments)));
  let written = 0;

  const perInsert = options.rowsPerInsert ?? ROWS_PER_INSERT;
  const flush = async (force: boolean) => {
    if (rows.length < perInsert * STATEMENTS_PER_WRITE && !(force && rows.length > 0)) return;
    const batch = rows.splice(0, rows.length);
    const statements = [];
    for (let i = 0; i < batch.length; i += perInsert) {
      statements.push(db.insert(comments).values(batch.slice(i, i + perInsert)));
    }
    statements.push(
      db
        .update(pages)
        .set({ commentCount: sql`${pages.commentCount} + ${batch.length}`, updatedAt: options.now })
        .where(eq(pages.id, page.id)),
    );
    await atomic(db, statements);
    written += batch.length;
  };

  for (let i = 0; i < options.comments; i++) {
    const createdAt = options.now - (options.comments - i) * spacing;
    const source = [pick(OPENERS), `${pick(MIDDLES)}.`, pick(CLOSERS)].filter(Boolean).join(' ');
    const root: Row = {
      id: newId(),
      siteId: options.siteId,
      pageId: page.id,
      parentId: null,
      rootId: null,
      depth: 0,
      authorName: name(),
      bodySource: source,
      bodyHtml: render(source),
      status: 'approved',
      score: Math.floor(rnd() * rnd() * 40),
      createdAt,
      updatedAt: createdAt,
    };
    rows.push(root);
    const thread: Row[] = [root];
    for (let r = 0; r < options.replies; r++) {
      // Most replies answer the top-level comment; some answer another reply, making depth.
      const parent = rnd() < 0.6 ? root : thread[Math.floor(rnd() * thread.length)]!;
      const at = Math.min(options.now, (thread.at(-1)!.createdAt ?? createdAt) + 1000 + Math.floor(rnd() * spacing));
      const body = pick(REPLIES);
      const reply: Row = {
        id: newId(),
        siteId: options.siteId,
        pageId: page.id,
        parentId: parent.id!,
        rootId: root.id!,
        depth: (parent.depth ?? 0) + 1,
        authorName: name(),
        bodySource: body,
        bodyHtml: render(body),
        status: 'approved',
        score: Math.floor(rnd() * 8),
        createdAt: at,
        updatedAt: at,
      };
      rows.push(reply);
      thread.push(reply);
    }
    await flush(false);
  }
  await flush(true);
  if (written !== total) throw new Error(`seeded ${written} of ${total} comments`);
  return written;
}
