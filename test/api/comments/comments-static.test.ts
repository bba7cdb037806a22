import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aComment, makeTestApp, type TestApp } from '../../support/test-app.ts';
import { problemsInHtml } from '../../support/inert-html.ts';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.close());

const HTML = '/api/v1/sites/news/comments.html?page=%2F2026%2Fstory';

describe('GET …/comments.html (static fragment for the article)', () => {
  it('renders the approved threads with replies, escaped names and ugc links, and revalidates by ETag', async () => {
    const first = await t.post('/api/v1/sites/news/comments', aComment({ authorName: '<img src=x onerror=alert(1)>', body: 'See [the report](https://example.org/r) <script>alert(2)</script>' }));
    await t.post('/api/v1/sites/news/comments', aComment({ parentId: first.body.comment.id, authorName: 'Bo', body: 'A reply.' }));
    const res = await t.get(HTML);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('Cache-Control')).toBe('public, max-age=0, s-maxage=5, stale-while-revalidate=5');
    const html = res.body as string;
    // The frame is ours; every comment body in it must be inert, and nothing else may be markup.
    const bodies = [...html.matchAll(/<div class="parley-body">(.*?)<\/div>/gs)].map((m) => m[1]!);
    expect(bodies).toHaveLength(2);
    for (const body of bodies) expect(problemsInHtml(body)).toEqual([]);
    expect(html).not.toMatch(/<(script|img|svg|iframe)\b/i);
    expect(html).toContain('<h2>2 comments</h2>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toMatch(/<a href="https:\/\/example\.org\/r" rel="[^"]*nofollow[^"]*"/);
    expect(html).toMatch(/rel="[^"]*ugc/);
    expect(html).toContain(`id="comment-${first.body.comment.id}"`);
    expect(html).toMatch(/<ol class="parley-replies"><li id="comment-[^"]+"><article><p class="parley-meta"><strong class="parley-author">Bo<\/strong>/);

    const again = await t.get(HTML, { 'If-None-Match': res.headers.get('ETag')! });
    expect(again.status).toBe(304);
  });

  it('leaves out what is not published, and answers an unknown page with an empty discussion', async () => {
    await t.post('/api/v1/sites/news/comments', aComment({ body: 'Visible.' }));
    const { sql } = await import('drizzle-orm');
    await t.db.run(sql`update comments set status = 'pending'`);
    await t.post('/api/v1/sites/news/comments', aComment({ body: 'Also visible.' }));
    const html = (await t.get(HTML)).body as string;
    expect(html).not.toContain('Visible.</p>');
    expect(html).toContain('Also visible.');
    const none = await t.get('/api/v1/sites/news/comments.html?page=%2Fnothing-here');
    expect(none.status).toBe(200);
    expect(none.body).toContain('No comments yet.');
  });

  it('refuses a missing page key in the error envelope', async () => {
    const res = await t.get('/api/v1/sites/news/comments.html');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
  });
});
