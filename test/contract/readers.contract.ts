import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { SITE_ORIGIN } from '../support/test-app.ts';
import type { Client } from './client.ts';
import { siteWithOwner } from './site-setup.ts';
import type { ContractSuite } from './target.ts';

const SITE = 'c-readers';
const BASE = `/api/v1/sites/${SITE}`;
const LIST = `${BASE}/comments`;
const CHALLENGE = `${BASE}/challenge`;

/**
 * What readers do after posting — vote, edit, delete, permalinks — and signing in by magic link
 * through the outbox, then exporting and deleting their data.
 */
export const readersContract: ContractSuite = (target) => {
  describe('readers: votes, own comments, sign-in and their data', () => {
    let reader: Client;
    const other = { 'X-Parley-Reader': 'another-browser-token-01' };
    const post = async (body: string, headers: Record<string, string> = {}, extra: Record<string, unknown> = {}) =>
      reader.post(LIST, { page: '/readers', authorName: 'Ada', body, website: '', ...(await reader.proof(CHALLENGE)), ...extra }, headers);

    beforeAll(async () => {
      ({ reader } = await siteWithOwner(target, SITE));
    });

    it('votes once per reader, not on your own comment, and sorts top by it', async () => {
      const mine = (await post('Mine, to be voted on.', { 'X-Parley-Reader': 'author-browser-token-01' })).body;
      expect((await reader.post(`${LIST}/${mine.comment.id}/votes`, { value: 1 }, { 'X-Parley-Reader': 'author-browser-token-01' })).body.error.code).toBe('own_comment');
      expect((await reader.post(`${LIST}/${mine.comment.id}/votes`, { value: 1 }, other)).body).toEqual({ score: 1, voted: true });
      expect((await reader.post(`${LIST}/${mine.comment.id}/votes`, { value: 1 }, other)).body).toEqual({ score: 1, voted: true });
      const top = await reader.get(`${LIST}?page=/readers&sort=top`);
      expect(top.body.comments[0]).toMatchObject({ id: mine.comment.id, score: 1 });
      expect((await reader.post(`${LIST}/${mine.comment.id}/votes`, { value: 0 }, other)).body).toEqual({ score: 0, voted: false });
    });

    it('counts votes and reports from one network once, whatever reader tokens they carry', async () => {
      const posted = (await post('One network, many made-up readers.')).body.comment;
      const tokens = Array.from({ length: 5 }, (_, i) => ({ 'X-Parley-Reader': `made-up-reader-token-${i}` }));
      const votes = await Promise.all(tokens.map((h) => reader.post(`${LIST}/${posted.id}/votes`, { value: 1 }, h)));
      expect(votes.map((v) => v.body.score)).toContain(1);
      expect(Math.max(...votes.map((v) => v.body.score))).toBe(1);
      const proofs = await Promise.all(tokens.map(() => reader.proof(CHALLENGE)));
      await target().elapse(3100);
      const reports = await Promise.all(tokens.map((h, i) => reader.post(`${LIST}/${posted.id}/flags`, { reason: 'abuse', website: '', ...proofs[i] }, h)));
      expect(reports.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
      const stored = await target().db.all<{ flag_count: number; status: string }>(sql`select flag_count, status from comments where id = ${posted.id}`);
      expect(stored).toEqual([{ flag_count: 1, status: 'approved' }]);
    });

    it('edits with the edit token, refuses a stranger, and deletes to a placeholder when replied to', async () => {
      const { comment, editToken } = (await post('Before the edit.')).body;
      expect((await reader.request('PATCH', `${LIST}/${comment.id}`, { body: 'Hijack' }, { 'X-Edit-Token': 'wrong' })).status).toBe(403);
      const edited = await reader.request('PATCH', `${LIST}/${comment.id}`, { body: 'After the edit.' }, { 'X-Edit-Token': editToken });
      expect(edited.body.comment).toMatchObject({ bodyHtml: '<p>After the edit.</p>', editedBy: 'author' });
      const reply = (await post('A reply.', other, { parentId: comment.id })).body.comment;
      expect((await reader.request('DELETE', `${LIST}/${comment.id}`, undefined, { 'X-Edit-Token': editToken })).body).toEqual({ deleted: true, placeholder: true });
      const thread = await reader.get(`${LIST}/${reply.id}`);
      expect(thread.body.thread).toMatchObject({ id: comment.id, deleted: true, authorName: '', bodyHtml: '' });
      expect(thread.body.thread.replies[0].id).toBe(reply.id);
    });

    it('signs in by a magic link sent through the outbox, then exports and deletes the reader’s data', async () => {
      const ask = await reader.post(`${BASE}/auth/email`, { email: 'grace@example.com', name: 'Grace', returnUrl: `${SITE_ORIGIN}/readers`, ...(await reader.proof(CHALLENGE)) });
      expect(ask.status).toBe(202);
      await target().drainOutbox();
      const mail = target().mail.delivered.filter((m) => m.to === 'grace@example.com').at(-1)!;
      const token = /#parley-signin=([\w-]+)/.exec(mail.text)![1]!;
      const verified = await reader.post(`${BASE}/auth/email/verify`, { token });
      expect(verified.status).toBe(200);
      expect((await reader.post(`${BASE}/auth/email/verify`, { token })).status).toBe(403);
      const bearer = { Authorization: `Bearer ${verified.body.token}` };

      const signedIn = (await post('Written signed in.', bearer)).body.comment;
      expect(signedIn).toMatchObject({ authorName: 'Grace', verified: true });
      const data = await reader.get(`${BASE}/me/export`, bearer);
      expect(data.body.comments.map((c: any) => c.id)).toEqual([signedIn.id]);

      expect((await reader.request('DELETE', `${BASE}/me`, undefined, bearer)).body).toMatchObject({ deleted: true, comments: 1 });
      expect((await reader.get(`${BASE}/auth/me`, bearer)).status).toBe(401);
      const listing = await reader.get(`${LIST}?page=/readers`);
      expect(JSON.stringify(listing.body)).not.toContain('Written signed in.');
    });
  });
};
