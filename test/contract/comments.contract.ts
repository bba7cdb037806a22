import { beforeAll, describe, expect, it } from 'vitest';
import type { Client } from './client.ts';
import { siteWithOwner } from './site-setup.ts';
import { VERSION } from '../../server/version.ts';
import type { ContractSuite } from './target.ts';

const SITE = 'c-comments';
const LIST = `/api/v1/sites/${SITE}/comments`;
const CHALLENGE = `/api/v1/sites/${SITE}/challenge`;

/** The public comments API: post, list, reply, paginate, count, and its errors. */
export const commentsContract: ContractSuite = (target) => {
  describe('public comments API', () => {
    let reader: Client;
    let owner: Client;
    let n = 0;
    const post = async (page: string, extra: Record<string, unknown> = {}) =>
      reader.post(LIST, { page, authorName: 'Ada', body: `Comment number ${++n} on ${page}.`, website: '', ...(await reader.proof(CHALLENGE)), ...extra });

    beforeAll(async () => {
      ({ reader, owner } = await siteWithOwner(target, SITE));
    });

    it('answers health and readiness with the version, and a request id on every answer', async () => {
      const health = await reader.get('/api/v1/health');
      expect(health.body).toEqual({ status: 'ok', version: VERSION });
      const ready = await reader.get('/api/v1/ready');
      expect(ready.status).toBe(200);
      expect(ready.body).toMatchObject({ status: 'ready', version: VERSION, checks: { database: 'ok', migrations: 'ok', outbox: 'ok' } });
      const ids = [health, ready].map((a) => a.headers.get('X-Request-Id'));
      expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
      expect(ids[1]).not.toBe(ids[0]);
    });

    it('posts a comment and lists it with its replies, oldest reply first', async () => {
      const first = await post('/story-a');
      expect(first.status).toBe(201);
      expect(first.body.comment).toMatchObject({ status: 'approved', authorName: 'Ada' });
      expect(first.body.comment).not.toHaveProperty('authorEmail');
      const second = (await post('/story-a')).body.comment;
      const r1 = await post('/story-a', { parentId: first.body.comment.id, body: 'First reply.' });
      const r2 = await post('/story-a', { parentId: first.body.comment.id, body: 'Second reply.' });
      expect([r1.status, r2.status]).toEqual([201, 201]);

      const list = await reader.get(`${LIST}?page=/story-a`);
      expect(list.status).toBe(200);
      expect(list.headers.get('ETag')).toBeTruthy();
      expect(list.body.page.commentCount).toBe(4);
      expect(list.body.comments.map((c: any) => c.id)).toEqual([second.id, first.body.comment.id]);
      expect(list.body.comments[1].replies.map((r: any) => r.bodyHtml)).toEqual(['<p>First reply.</p>', '<p>Second reply.</p>']);
      // A repeated GET with the ETag costs nothing.
      expect((await reader.get(`${LIST}?page=/story-a`, { 'If-None-Match': list.headers.get('ETag')! })).status).toBe(304);
    });

    it('pages through every comment exactly once by cursor', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 12; i++) ids.push((await post('/story-b')).body.comment.id);
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: any = await reader.get(`${LIST}?page=/story-b&sort=oldest&limit=5${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.status).toBe(200);
        seen.push(...res.body.comments.map((c: any) => c.id));
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toEqual(ids);
    });

    it('shows every counted comment: a removed comment that has published replies stays as a text-free placeholder', async () => {
      const page = '/story-removed';
      const a = (await post(page, { body: 'Root A, kept.' })).body.comment;
      const r1 = (await post(page, { parentId: a.id, body: 'Reply to A, removed later.' })).body.comment;
      const r2 = (await post(page, { parentId: r1.id, body: 'Answer to the removed reply.' })).body.comment;
      const b = (await post(page, { body: 'Root B, marked spam later.' })).body.comment;
      const rb = (await post(page, { parentId: b.id, body: 'Reply to B.' })).body.comment;
      const c = (await post(page, { body: 'Root C, rejected, no replies.' })).body.comment;
      for (const [id, action] of [[r1.id, 'reject'], [b.id, 'spam'], [c.id, 'reject']] as const) {
        expect((await owner.post(`/api/v1/admin/comments/${id}/actions`, { action })).status).toBe(200);
      }
      // And one its author deletes after a reply: a "[deleted]" placeholder, not counted either.
      const d = (await post(page, { body: 'Root D, deleted by its author.' })).body;
      const rd = (await post(page, { parentId: d.comment.id, body: 'Reply to D.' })).body.comment;
      expect((await reader.request('DELETE', `${LIST}/${d.comment.id}`, undefined, { 'X-Edit-Token': d.editToken })).body).toEqual({ deleted: true, placeholder: true });
      const list = await reader.get(`${LIST}?page=${encodeURIComponent(page)}`);
      const shown: any[] = [];
      const placeholders: any[] = [];
      const walk = (items: any[]) => {
        for (const item of items) {
          (item.removed || item.deleted ? placeholders : shown).push(item);
          walk(item.replies);
        }
      };
      walk(list.body.comments);
      // The count, the counts API and what a reader can reach agree: A, r2, rb, rd.
      expect(list.body.page.commentCount).toBe(4);
      expect(shown.map((x) => x.id).sort()).toEqual([a.id, r2.id, rb.id, rd.id].sort());
      expect(placeholders).toHaveLength(3);
      expect((await reader.get(`/api/v1/sites/${SITE}/counts?page=${encodeURIComponent(page)}`)).body.counts[page]).toBe(4);
      // The thread keeps its shape: r2 under the placeholder of r1, rb under the placeholder of B;
      // C, with nothing under it, is not listed at all.
      expect(list.body.comments.map((x: any) => x.id)).toEqual([d.comment.id, b.id, a.id]);
      const [, pb, pa] = list.body.comments;
      expect(pb).toMatchObject({ removed: true, authorName: '', bodyHtml: '', avatarUrl: null, verified: false });
      expect(pb.replies.map((x: any) => x.id)).toEqual([rb.id]);
      expect(pa.replies[0]).toMatchObject({ id: r1.id, removed: true, authorName: '', bodyHtml: '' });
      expect(pa.replies[0].replies.map((x: any) => x.id)).toEqual([r2.id]);
      // Nothing the removed comments said or who said it reaches readers, in JSON or HTML.
      const html = await reader.get(`/api/v1/sites/${SITE}/comments.html?page=${encodeURIComponent(page)}`);
      for (const text of [JSON.stringify(list.body), String(html.body)]) {
        expect(text).not.toContain('removed later');
        expect(text).not.toContain('marked spam');
        expect(text).not.toContain('Root C');
      }
      expect(String(html.body)).toContain('[removed]');
      expect(String(html.body)).toContain('Reply to B.');
      expect(String(html.body)).toContain('Answer to the removed reply.');
      // A permalink to a reply under a removed top-level comment finds its thread.
      const permalink = await reader.get(`${LIST}/${rb.id}`);
      expect(permalink.body.thread).toMatchObject({ id: b.id, removed: true, bodyHtml: '' });
      expect(permalink.body.thread.replies.map((x: any) => x.id)).toEqual([rb.id]);
    });

    it('shows 20 replies of a thread and the rest by its "more replies" cursor, which only the server can make', async () => {
      const page = '/story-long-thread';
      const root = (await post(page, { body: 'A busy thread.' })).body.comment;
      const ids: string[] = [];
      for (let i = 0; i < 23; i++) ids.push((await post(page, { parentId: root.id, body: `Reply ${i}.` })).body.comment.id);
      const list = await reader.get(`${LIST}?page=${encodeURIComponent(page)}`);
      const thread = list.body.comments[0];
      expect(thread.replies.map((x: any) => x.id)).toEqual(ids.slice(0, 20));
      expect(thread.moreReplies).toEqual(expect.any(String));
      const more = await reader.get(`${LIST}/${root.id}/replies?cursor=${encodeURIComponent(thread.moreReplies)}`);
      expect(more.status).toBe(200);
      expect(more.body.replies.map((x: any) => x.id)).toEqual(ids.slice(20));
      expect(more.body.moreReplies).toBeNull();
      // Made-up cursors, and a real one on another thread, answer 400 with the envelope.
      const other = (await post(page, { body: 'Another thread.' })).body.comment;
      for (const cursor of ['bm9wZQ', `${thread.moreReplies.split('.')[0]}.${'0'.repeat(32)}`]) {
        const bad = await reader.get(`${LIST}/${root.id}/replies?cursor=${cursor}`);
        expect(bad.status).toBe(400);
        expect(bad.body.error.code).toBe('invalid_request');
      }
      expect((await reader.get(`${LIST}/${other.id}/replies?cursor=${encodeURIComponent(thread.moreReplies)}`)).status).toBe(400);
      expect((await reader.get(`${LIST}/${root.id}/replies`)).status).toBe(400);
      expect((await reader.get(`${LIST}?page=${encodeURIComponent(page)}&cursor=${btoa(JSON.stringify(['newest', 0, Date.now(), 'x']))}`)).status).toBe(400);
    });

    it('counts comments of several pages in one request', async () => {
      const res = await reader.get(`/api/v1/sites/${SITE}/counts?page=/story-a&page=/story-b&page=/none`);
      expect(res.body.counts).toEqual({ '/story-a': 4, '/story-b': 12, '/none': 0 });
    });

    it('keeps one thread for a page key in NFC and NFD, and cleans invisible and look-alike characters from names', async () => {
      const nfc = '/caf\u00e9';
      const nfd = '/cafe\u0301';
      expect((await post(nfc)).status).toBe(201);
      const second = await post(nfd, { authorName: '\uff21d\u200bmin' });
      expect(second.status).toBe(201);
      expect(second.body.comment.authorName).toBe('Admin');
      expect((await reader.get(`${LIST}?page=${encodeURIComponent(nfd)}`)).body.comments).toHaveLength(2);
      const empty = await post(nfc, { authorName: '\u200b\u2060' });
      expect(empty.status).toBe(400);
      expect(empty.body.error.fields).toHaveProperty('authorName');
    });

    it('answers bad input with the error envelope and stores nothing', async () => {
      const bad = await post('/story-c', { body: '' });
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('invalid_request');
      expect((await reader.get(`${LIST}?page=/story-c`)).body.comments).toEqual([]);
      expect((await reader.get('/api/v1/sites/no-such-site/comments?page=/x')).status).toBe(404);
      expect((await reader.get('/api/v1/nothing-here')).body.error.code).toBe('not_found');
    });

    it('refuses a comment without a solved proof of work, or with the honeypot filled', async () => {
      const noProof = await reader.post(LIST, { page: '/story-d', authorName: 'Bot', body: 'Buy things.' });
      expect(noProof.status).toBe(403);
      const honeypot = await post('/story-d', { website: 'http://spam.example' });
      expect(honeypot.status).toBe(403);
      expect((await reader.get(`${LIST}?page=/story-d`)).body.comments).toEqual([]);
      // A proof is spent once used.
      const proof = await reader.proof(CHALLENGE);
      expect((await reader.post(LIST, { page: '/story-d', authorName: 'Ada', body: 'Once.', ...proof })).status).toBe(201);
      expect((await reader.post(LIST, { page: '/story-d', authorName: 'Ada', body: 'Twice.', ...proof })).status).toBe(403);
    });
  });
};
