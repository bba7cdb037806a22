import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { suppressions } from '../../db/schema.ts';
import type { Client } from './client.ts';
import { siteWithOwner } from './site-setup.ts';
import type { ContractSuite } from './target.ts';

const SITE = 'c-bulk';
const LIST = `/api/v1/sites/${SITE}/comments`;
/** More than D1's 100 bound parameters per statement, so every list below must be chunked. */
const MANY = 130;

/**
 * Lists long enough to cross D1's limit of 100 bound parameters in one statement (better-sqlite3
 * allows 32,766): the moderation queue's author histories and flag summaries, the subscriber
 * list, a newsletter's outbox rows, and suppressing them at send time.
 */
export const bulkContract: ContractSuite = (target) => {
  describe('bulk operations past 100 bound parameters', () => {
    let owner: Client;
    let reader: Client;

    beforeAll(async () => {
      ({ owner, reader } = await siteWithOwner(target, SITE));
      // These tests are about list sizes, not bots: without the spam layers a post is one request.
      await owner.request('PATCH', `/api/v1/admin/sites/${SITE}`, { spam: { enabled: false } });
    });

    it('the moderation queue shows 100 flagged comments by 100 authors with their histories', async () => {
      for (let i = 0; i < 100; i++) {
        const posted = await reader.post(LIST, { page: '/bulk', authorName: `Reader ${i}`, authorEmail: `reader${i}@example.com`, body: `Bulk comment ${i}.` });
        expect(posted.status).toBe(201);
        expect((await reader.post(`${LIST}/${posted.body.comment.id}/flags`, { reason: 'spam', note: `note ${i}` })).status).toBe(201);
      }
      const queue = await owner.get(`/api/v1/admin/comments?site=${SITE}&status=flagged&limit=100`);
      expect(queue.status).toBe(200);
      expect(queue.body.comments).toHaveLength(100);
      for (const c of queue.body.comments) {
        expect(c.author).toMatchObject({ total: 1, approved: 1 });
        expect(c.flags).toMatchObject({ reasons: { spam: 1 } });
      }
    });

    it(`imports, lists and exports ${MANY} subscribers with their topics`, async () => {
      const csv = ['email,name', ...Array.from({ length: MANY }, (_, i) => `sub${i}@example.com,Sub ${i}`)].join('\n');
      const imported = await owner.post('/api/v1/admin/subscribers/import', { site: SITE, csv, consented: true });
      expect(imported.body).toMatchObject({ imported: MANY, skipped: [] });
      const list = await owner.get(`/api/v1/admin/subscribers?site=${SITE}&limit=500`);
      expect(list.body.subscribers).toHaveLength(MANY);
      expect(list.body.subscribers.every((s: any) => s.topics.length === 1 && s.topics[0].status === 'confirmed')).toBe(true);
      const csvOut = await owner.get(`/api/v1/admin/subscribers/export?site=${SITE}`);
      expect(String(csvOut.body).trim().split('\n')).toHaveLength(MANY + 1);
    });

    it(`sends a newsletter to ${MANY} recipients in Resend batches of at most 100`, async () => {
      const before = target().mail.calls.length;
      const draft = (await owner.post('/api/v1/admin/broadcasts', { site: SITE, subject: 'Bulk issue', body: 'For everyone.' })).body.broadcast;
      expect((await owner.post(`/api/v1/admin/broadcasts/${draft.id}/send`)).body.broadcast.recipients).toBe(MANY);
      await target().drainOutbox();
      const delivered = target().mail.delivered.filter((m) => m.subject === 'Bulk issue');
      expect(new Set(delivered.map((m) => m.to)).size).toBe(MANY);
      const batches = target().mail.calls.slice(before).filter((c) => c.path === '/emails/batch');
      expect(batches.map((c) => c.body.length).sort((a, b) => b - a)).toEqual([100, MANY - 100]);
      expect((await owner.get(`/api/v1/admin/broadcasts/${draft.id}`)).body.broadcast.counts).toMatchObject({ sent: MANY, queued: 0 });
    });

    it(`suppresses at send time all ${MANY} addresses that bounced after the newsletter was queued`, async () => {
      const draft = (await owner.post('/api/v1/admin/broadcasts', { site: SITE, subject: 'Bulk bounce', body: 'Nobody gets this.' })).body.broadcast;
      await owner.post(`/api/v1/admin/broadcasts/${draft.id}/send`);
      // As if each address had bounced in the meantime (the webhook is tested on its own).
      const rows = Array.from({ length: MANY }, (_, i) => ({ email: `sub${i}@example.com`, reason: 'bounce' as const, detail: 'test', createdAt: Date.now() }));
      for (let i = 0; i < rows.length; i += 10) await target().db.insert(suppressions).values(rows.slice(i, i + 10));
      await target().drainOutbox();
      expect(target().mail.delivered.filter((m) => m.subject === 'Bulk bounce')).toEqual([]);
      expect((await owner.get(`/api/v1/admin/broadcasts/${draft.id}`)).body.broadcast.counts).toMatchObject({ suppressed: MANY, queued: 0 });
      const left = await target().db.get<{ n: number }>(sql`select count(*) as n from outbox where status = 'queued'`);
      expect(left?.n).toBe(0);
    });
  });
};
