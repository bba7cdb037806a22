import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { aComment, makeTestApp, type TestApp } from '../../support/test-app.ts';
import { VERSION } from '../../../server/version.ts';

const LIST = '/api/v1/sites/news/comments';
let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.close());

describe('health', () => {
  it('answers ok', async () => {
    const res = await t.get('/api/v1/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', version: VERSION });
  });
});

describe('listing', () => {
  it('returns an empty list, not 404, for a page without comments', async () => {
    const res = await t.get(`${LIST}?page=/nothing-yet`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      page: { key: '/nothing-yet', title: null, url: null, commentCount: 0, closed: false, editWindowMinutes: 15 },
      comments: [],
      nextCursor: null,
    });
  });

  it('lists top-level comments newest first, each with its replies oldest first', async () => {
    const first = (await t.post(LIST, aComment({ body: 'first' }))).body.comment;
    const second = (await t.post(LIST, aComment({ body: 'second' }))).body.comment;
    await t.post(LIST, aComment({ body: 'reply one', parentId: first.id }));
    await t.post(LIST, aComment({ body: 'reply two', parentId: first.id }));

    const res = await t.get(`${LIST}?page=/2026/story`);
    expect(res.status).toBe(200);
    expect(res.body.page.commentCount).toBe(4);
    expect(res.body.comments.map((c: any) => c.id)).toEqual([second.id, first.id]);
    const replies = res.body.comments[1].replies;
    expect(replies.map((r: any) => r.bodyHtml)).toEqual(['<p>reply one</p>', '<p>reply two</p>']);
    for (const c of [res.body.comments[0], replies[0]]) {
      expect(Object.keys(c)).toEqual(expect.arrayContaining(['id', 'parentId', 'authorName', 'bodyHtml', 'createdAt', 'score']));
      expect(c).not.toHaveProperty('authorEmail');
    }
    expect(replies[0].parentId).toBe(first.id);
  });

  it('sorts oldest first and by score on request', async () => {
    const a = (await t.post(LIST, aComment({ body: 'a' }))).body.comment;
    const b = (await t.post(LIST, aComment({ body: 'b' }))).body.comment;
    const c = (await t.post(LIST, aComment({ body: 'c' }))).body.comment;
    await t.db.run(sql`update comments set score = 5 where id = ${b.id}`);
    const oldest = await t.get(`${LIST}?page=/2026/story&sort=oldest`);
    expect(oldest.body.comments.map((x: any) => x.id)).toEqual([a.id, b.id, c.id]);
    const top = await t.get(`${LIST}?page=/2026/story&sort=top`);
    expect(top.body.comments.map((x: any) => x.id)).toEqual([b.id, c.id, a.id]);
  });

  for (const sort of ['newest', 'oldest', 'top'] as const) {
    it(`pages through every comment exactly once by cursor (${sort})`, async () => {
      const ids: string[] = [];
      for (let i = 0; i < 25; i++) {
        const posted = (await t.post(LIST, aComment({ body: `comment ${i}` }))).body.comment;
        ids.push(posted.id);
        // Ties in score must not lose or repeat comments across pages.
        await t.db.run(sql`update comments set score = ${i % 3} where id = ${posted.id}`);
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: any = await t.get(`${LIST}?page=/2026/story&sort=${sort}&limit=7${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.status).toBe(200);
        expect(res.body.comments.length).toBeLessThanOrEqual(7);
        seen.push(...res.body.comments.map((c: any) => c.id));
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(4);
      expect(seen).toHaveLength(25);
      expect(new Set(seen)).toEqual(new Set(ids));
    });
  }

  it('defaults to 20 a page and allows up to 50', async () => {
    for (let i = 0; i < 22; i++) await t.post(LIST, aComment({ body: `n${i}` }));
    const res = await t.get(`${LIST}?page=/2026/story`);
    expect(res.body.comments).toHaveLength(20);
    expect(res.body.nextCursor).toEqual(expect.any(String));
    const all = await t.get(`${LIST}?page=/2026/story&limit=50`);
    expect(all.body.comments).toHaveLength(22);
    expect(all.body.nextCursor).toBeNull();
  });

  it('flattens replies deeper than the maximum depth into the deepest shown level', async () => {
    let parent = (await t.post(LIST, aComment({ body: 'root' }))).body.comment;
    const chain = [parent.id];
    for (let depth = 1; depth <= 6; depth++) {
      parent = (await t.post(LIST, aComment({ body: `depth ${depth}`, parentId: parent.id }))).body.comment;
      chain.push(parent.id);
    }
    const res = await t.get(`${LIST}?page=/2026/story`);
    let level = res.body.comments[0];
    let shownDepth = 0;
    while (level.replies.length === 1) {
      level = level.replies[0];
      shownDepth++;
    }
    // The depth-2 comment's list (level 3) holds the depth-3 reply and every deeper one, in
    // order, each still naming its real parent; nothing nests below level 3.
    expect(shownDepth).toBe(2);
    const deepest = level.replies;
    expect(deepest.map((r: any) => r.id)).toEqual(chain.slice(3));
    expect(deepest.map((r: any) => r.parentId)).toEqual(chain.slice(2, 6));
    expect(deepest.every((r: any) => r.replies.length === 0)).toBe(true);
  });

  it('lists pinned comments first whatever the sort, on the first page only', async () => {
    const pinned = (await t.post(LIST, aComment({ body: 'editor pick' }))).body.comment;
    for (let i = 0; i < 3; i++) await t.post(LIST, aComment({ body: `later ${i}` }));
    await t.db.run(sql`update comments set pinned = 1 where id = ${pinned.id}`);
    for (const sort of ['newest', 'oldest', 'top']) {
      const res = await t.get(`${LIST}?page=/2026/story&sort=${sort}&limit=2`);
      expect(res.body.comments[0].id).toBe(pinned.id);
      expect(res.body.comments[0].pinned).toBe(true);
      const next = await t.get(`${LIST}?page=/2026/story&sort=${sort}&limit=2&cursor=${res.body.nextCursor}`);
      expect(next.body.comments.map((c: any) => c.id)).not.toContain(pinned.id);
    }
  });

  it('never serves a stale listing: any write to a comment or its page shows at once', async () => {
    const c = (await t.post(LIST, aComment({ body: 'original' }))).body.comment;
    const read = async () => (await t.get(`${LIST}?page=/2026/story`)).body;
    expect((await read()).comments[0].bodyHtml).toBe('<p>original</p>');
    // Writes that bypass the API entirely still invalidate: the page version is kept by triggers.
    await t.db.run(sql`update comments set body_html = '<p>changed</p>' where id = ${c.id}`);
    expect((await read()).comments[0].bodyHtml).toBe('<p>changed</p>');
    await t.db.run(sql`update comments set score = 7 where id = ${c.id}`);
    expect((await read()).comments[0].score).toBe(7);
    await t.db.run(sql`update pages set title = 'Retitled'`);
    expect((await read()).page.title).toBe('Retitled');
    await t.db.run(sql`delete from comments where id = ${c.id}`);
    expect((await read()).comments).toEqual([]);
  });

  it('sends an ETag and answers If-None-Match with 304', async () => {
    await t.post(LIST, aComment());
    const first = await t.get(`${LIST}?page=/2026/story`);
    const etag = first.headers.get('ETag');
    expect(etag).toBeTruthy();
    // Browsers revalidate every time (max-age=0); a CDN may share it for the site's few seconds.
    expect(first.headers.get('Cache-Control')).toBe('public, max-age=0, s-maxage=5, stale-while-revalidate=5');
    const again = await t.get(`${LIST}?page=/2026/story`, { 'If-None-Match': etag! });
    expect(again.status).toBe(304);
    await t.post(LIST, aComment({ body: 'new' }));
    const changed = await t.get(`${LIST}?page=/2026/story`, { 'If-None-Match': etag! });
    expect(changed.status).toBe(200);
  });
});

describe('posting', () => {
  it('creates the page on first comment and answers 201 with the comment and an edit token', async () => {
    const res = await t.post(LIST, aComment({ url: 'https://news.example.com/2026/story', title: 'The story', authorEmail: 'Ada@Example.com' }));
    expect(res.status).toBe(201);
    expect(res.body.editToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(res.body.comment).toMatchObject({ parentId: null, authorName: 'Ada', bodyHtml: '<p>A thoughtful comment.</p>', score: 0, status: 'approved' });
    expect(res.body.comment).not.toHaveProperty('authorEmail');
    const list = await t.get(`${LIST}?page=/2026/story`);
    expect(list.body.page).toEqual({ key: '/2026/story', title: 'The story', url: 'https://news.example.com/2026/story', commentCount: 1, closed: false, editWindowMinutes: 15 });
    const stored = await t.db.get<{ author_email: string; edit_token_hash: string; ip_hash: string }>(sql`select author_email, edit_token_hash, ip_hash from comments`);
    expect(stored.author_email).toBe('ada@example.com');
    // Neither the token nor the IP address is stored in clear.
    expect(stored.edit_token_hash).not.toContain(res.body.editToken);
    expect(stored.ip_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('renders Markdown: emphasis, links, code, quotes and lists', async () => {
    const body = '**bold** _it_ `code` [site](https://example.org)\n\n> quoted\n\n- one\n- two';
    const res = await t.post(LIST, aComment({ body }));
    const html = res.body.comment.bodyHtml;
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<em>it</em>');
    expect(html).toContain('<code>code</code>');
    expect(html).toContain('<a href="https://example.org" rel="nofollow ugc noopener" target="_blank">site</a>');
    // A quote takes the direction of its own words (Arabic in an English comment, and the reverse).
    expect(html).toContain('<blockquote dir="auto">');
    expect(html).toContain('<li>one</li>');
  });

  it('writes a Markdown image as a link named by its alt text, with no stray "!"', async () => {
    const body = 'The chart: ![turnout by district](https://example.org/chart.png) and ![](https://example.org/b.png)';
    const html = (await t.post(LIST, aComment({ body }))).body.comment.bodyHtml as string;
    expect(html).toBe(
      '<p>The chart: <a href="https://example.org/chart.png" rel="nofollow ugc noopener" target="_blank">turnout by district</a> and ' +
        '<a href="https://example.org/b.png" rel="nofollow ugc noopener" target="_blank">https://example.org/b.png</a></p>',
    );
    expect(html).not.toContain('!');
    expect(html).not.toContain('<img');
  });

  it('publishes at once under post-moderation and holds under pre-moderation', async () => {
    const pre = await makeTestApp({ moderationMode: 'pre' });
    try {
      const res = await pre.post(LIST, aComment());
      expect(res.status).toBe(201);
      expect(res.body.comment.status).toBe('pending');
      const list = await pre.get(`${LIST}?page=/2026/story`);
      expect(list.body.comments).toEqual([]);
      expect(list.body.page.commentCount).toBe(0);
    } finally {
      pre.close();
    }
  });

  it('counts comments for up to 50 pages in one request', async () => {
    await t.post(LIST, aComment({ page: '/a' }));
    await t.post(LIST, aComment({ page: '/a' }));
    await t.post(LIST, aComment({ page: '/b' }));
    const res = await t.get('/api/v1/sites/news/counts?page=/a&page=/b&page=/none');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ counts: { '/a': 2, '/b': 1, '/none': 0 } });
    expect(res.headers.get('ETag')).toBeTruthy();
  });
});
