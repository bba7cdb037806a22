import { and, eq, sql } from 'drizzle-orm';
import type { AppDb } from '../../../db/client.ts';
import { atomic } from '../../../db/atomic.ts';
import { rowsPerInsert } from '../../../db/chunks.ts';
import { comments, pages, votes } from '../../../db/schema.ts';
import { newId } from '../../ids.ts';
import { renderCommentMarkdown } from '../../markdown.ts';

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
  'Fair point, though the article says the council will publish the study first.',
  'Yes, and the regulator is slow.',
  'My father worked at the ferry terminal; good to see it used again.',
  'I asked the same thing at the hearing and nobody had an answer.',
  'Worth reading the conditions in full; they are on the council website.',
];
/** Said after a reply when a thread has used every reply once, so no two replies read the same. */
const AFTERTHOUGHTS = ['We will see how it works out.', 'Happy to be proved wrong.', 'Either way, good that people are talking about it.', 'That is my reading, anyway.'];

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

/** One comment of a hand-written or generated discussion, with the replies under it. */
export interface SeedComment {
  author: string;
  /** Markdown, as a reader would type it. */
  body: string;
  /** Up-votes: written as vote rows, so the score is what the votes table says. */
  votes: number;
  replies?: SeedComment[];
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
   * Write up-votes (rows in the votes table, from made-up voters) behind each comment's score.
   * Off, every comment starts at score 0 — the benchmark's million comments skip the extra rows.
   */
  votes?: boolean;
  /**
   * Rows per INSERT. The default keeps a statement under D1's 100 bound parameters; on
   * better-sqlite3 a larger number makes big seeds (the benchmark's million comments) faster.
   */
  rowsPerInsert?: number;
}

/** Rows written per statement by default; keeps each INSERT under D1's bound-parameter limit. */
const ROWS_PER_INSERT = rowsPerInsert(comments);
const VOTES_PER_INSERT = rowsPerInsert(votes);
/** Statements per atomic write, so a large seed commits in steady chunks. */
const STATEMENTS_PER_WRITE = 50;

/** Voter keys of seeded votes; the prefix cannot be a real reader's (`id:` or `anon:`). */
function seededVoter(commentId: string, n: number): string {
  return `seed:${commentId}:${n}`;
}

/**
 * The made-up discussion `parley seed` writes: top-level comments built from phrases, replies
 * drawn without repeating within a thread (past the list's length, with an afterthought added).
 */
function* generatedThreads(options: SeedOptions, rnd: () => number): Generator<SeedComment> {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const name = () => (rnd() < 0.2 ? pick(HANDLES) : `${pick(FIRST)} ${pick(LAST)}`);
  const withVotes = options.votes !== false;
  for (let i = 0; i < options.comments; i++) {
    const body = [pick(OPENERS), `${pick(MIDDLES)}.`, pick(CLOSERS)].filter(Boolean).join(' ');
    const root: SeedComment = { author: name(), body, votes: withVotes ? Math.floor(rnd() * rnd() * 40) : 0, replies: [] };
    const thread: SeedComment[] = [root];
    const unused = new Set<string>();
    for (let r = 0; r < options.replies; r++) {
      if (unused.size === 0) {
        const round = Math.floor(r / REPLIES.length);
        for (const text of REPLIES) unused.add(round === 0 ? text : `${text} ${AFTERTHOUGHTS[(round - 1) % AFTERTHOUGHTS.length]}${round > AFTERTHOUGHTS.length ? ` (${round})` : ''}`);
      }
      const choices = [...unused];
      const text = pick(choices);
      unused.delete(text);
      // Most replies answer the top-level comment; some answer another reply, making depth.
      const parent = rnd() < 0.6 ? root : pick(thread);
      const reply: SeedComment = { author: name(), body: text, votes: withVotes ? Math.floor(rnd() * 8) : 0, replies: [] };
      parent.replies!.push(reply);
      thread.push(reply);
    }
    yield root;
  }
}

/**
 * Fills a page with realistic, approved demo comments and replies (for `parley seed` and the
 * benchmark). Adds to what the page already has; the page is created if needed.
 * @returns how many comments were written.
 */
export async function seedComments(db: AppDb, options: SeedOptions): Promise<number> {
  const rnd = random(options.seed ?? 42);
  const total = options.comments * (1 + options.replies);
  const written = await seedThreads(db, options, generatedThreads(options, rnd), options.comments, rnd);
  if (written !== total) throw new Error(`seeded ${written} of ${total} comments`);
  return written;
}

/**
 * Writes given discussions (hand-written for the demo article, or generated) to a page as
 * approved comments, with a vote row behind every point of score.
 * @returns how many comments were written.
 */
export async function seedThreads(
  db: AppDb,
  options: Pick<SeedOptions, 'siteId' | 'pageKey' | 'pageTitle' | 'pageUrl' | 'now' | 'rowsPerInsert'>,
  threads: Iterable<SeedComment>,
  threadCount: number,
  rnd: () => number = random(42),
): Promise<number> {
  const rendered = new Map<string, string>();
  const render = (source: string) => {
    let html = rendered.get(source);
    if (html === undefined) rendered.set(source, (html = renderCommentMarkdown(source)));
    return html;
  };

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
  type VoteRow = typeof votes.$inferInsert;
  const rows: Row[] = [];
  const voteRows: VoteRow[] = [];
  // Spread the discussion over the last few days: a minute or so between top-level comments.
  const spacing = Math.max(1000, Math.floor((3 * 86_400_000) / Math.max(1, threadCount)));
  let written = 0;

  const perInsert = options.rowsPerInsert ?? ROWS_PER_INSERT;
  const flush = async (force: boolean) => {
    if (rows.length < perInsert * STATEMENTS_PER_WRITE && !(force && rows.length > 0)) return;
    const batch = rows.splice(0, rows.length);
    const batchVotes = voteRows.splice(0, voteRows.length);
    const statements = [];
    for (let i = 0; i < batch.length; i += perInsert) {
      statements.push(db.insert(comments).values(batch.slice(i, i + perInsert)));
    }
    for (let i = 0; i < batchVotes.length; i += VOTES_PER_INSERT) {
      statements.push(db.insert(votes).values(batchVotes.slice(i, i + VOTES_PER_INSERT)));
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

  let i = 0;
  for (const thread of threads) {
    const createdAt = options.now - (threadCount - i) * spacing;
    i++;
    let last = createdAt;
    // Depth first, so a reply is always written after the comment it answers.
    const add = (c: SeedComment, parent: Row | null, root: Row | null, at: number) => {
      const row: Row = {
        id: newId(),
        siteId: options.siteId,
        pageId: page.id,
        parentId: parent?.id ?? null,
        rootId: root?.id ?? null,
        depth: parent ? (parent.depth ?? 0) + 1 : 0,
        authorName: c.author,
        bodySource: c.body,
        bodyHtml: render(c.body),
        status: 'approved',
        score: c.votes,
        createdAt: at,
        updatedAt: at,
      };
      rows.push(row);
      for (let v = 0; v < c.votes; v++) voteRows.push({ commentId: row.id!, voterKey: seededVoter(row.id!, v), value: 1, createdAt: at });
      for (const reply of c.replies ?? []) {
        last = Math.min(options.now, last + 1000 + Math.floor(rnd() * spacing));
        add(reply, row, root ?? row, last);
      }
    };
    add(thread, null, null, createdAt);
    await flush(false);
  }
  await flush(true);
  return written;
}
