import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { rebuildStats } from '../../server/features/stats/index.ts';
import { Client } from './client.ts';
import { siteWithOwner } from './site-setup.ts';
import type { ContractSuite } from './target.ts';

const SITE = 'c-stats';
const LIST = `/api/v1/sites/${SITE}/comments`;
const CHALLENGE = `/api/v1/sites/${SITE}/challenge`;
const DAY = 86_400_000;
const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/**
 * The overview's stats: the rollup triggers run alike on better-sqlite3 and D1, and a rebuild from
 * the base tables gives the same numbers on both.
 */
export const statsContract: ContractSuite = (target) => {
  describe('stats', () => {
    let owner: Client;
    let reader: Client;
    let query = '';
    const post = async (page: string) => {
      const res = await reader.post(LIST, { page, authorName: 'Ada', body: `Stats suite comment on ${page} ${Math.random()}.`, website: '', ...(await reader.proof(CHALLENGE)) });
      expect(res.status).toBe(201);
      return res.body.comment as { id: string; createdAt: string };
    };
    const counters = async () =>
      target().db.all(sql`select metric, bucket, subject, value from stats_counters where site_id = ${SITE} and value != 0 order by metric, bucket, subject`);

    beforeAll(async () => {
      ({ owner, reader } = await siteWithOwner(target, SITE));
      expect((await owner.request('PATCH', `/api/v1/admin/sites/${SITE}`, { moderationMode: 'pre' })).status).toBe(200);
    });

    it('answers the series of what was posted, moderated and signed up for', async () => {
      const first = await post('/s1');
      const second = await post('/s1');
      await post('/s2');
      expect((await owner.post(`/api/v1/admin/comments/${first.id}/actions`, { action: 'approve' })).status).toBe(200);
      expect((await owner.post(`/api/v1/admin/comments/${second.id}/actions`, { action: 'reject' })).status).toBe(200);
      const signup = await reader.post(`/api/v1/sites/${SITE}/subscriptions`, { email: 'stats-reader@example.com', topics: ['newsletter', 'page'], page: '/s1', website: '', ...(await reader.proof(CHALLENGE)) });
      expect(signup.status).toBe(202);

      // Around the day the app's clock says it is (a stepping clock on Node, real time in workerd).
      const today = Date.parse(`${first.createdAt.slice(0, 10)}T00:00:00Z`);
      query = `from=${dateOf(today - DAY)}&to=${dateOf(today + DAY)}`;
      const res = await owner.get(`/api/v1/admin/sites/${SITE}/stats?${query}`);
      expect(res.status).toBe(200);
      const body = res.body;
      expect(body.days).toEqual([dateOf(today - DAY), dateOf(today), dateOf(today + DAY)]);
      expect([sum(body.comments.published), sum(body.comments.held), sum(body.comments.spam), sum(body.comments.refused)]).toEqual([1, 1, 0, 1]);
      expect(body.topStories.map((s: any) => [s.key, s.comments])).toEqual([['/s1', 2], ['/s2', 1]]);
      // Every entry of the audit log counts as an action (the two decisions, the settings changes).
      const logged = (await owner.get(`/api/v1/admin/sites/${SITE}/audit`)).body.entries.length;
      expect(logged).toBeGreaterThanOrEqual(3);
      expect(body.moderation).toMatchObject({ queueNow: 1, decisions: 2, byEditor: [{ email: 'owner@example.com', actions: logged }] });
      expect(body.newsletter).toMatchObject({ signups: 2, signupsConfirmed: 0, confirmationRate: 0, confirmed: [0, 0, 0] });
      expect(body.newsletter.bySource.map((s: any) => [s.key, s.commentForm, s.articleForm])).toEqual([['/s1', 0, 2]]);
      expect(body.email).toEqual({ broadcasts: [] });
    });

    it('rebuilds the same rollups from the base tables', async () => {
      const kept = await counters();
      expect(kept.length).toBeGreaterThan(0);
      const before = (await owner.get(`/api/v1/admin/sites/${SITE}/stats?${query}&tz=Asia/Kathmandu`)).body;
      await rebuildStats(target().db, SITE);
      expect(await counters()).toEqual(kept);
      expect((await owner.get(`/api/v1/admin/sites/${SITE}/stats?${query}&tz=Asia/Kathmandu`)).body).toEqual(before);
    });

    it('refuses an unknown zone and anyone signed out', async () => {
      const res = await owner.get(`/api/v1/admin/sites/${SITE}/stats?${query}&tz=Nowhere/Special`);
      expect([res.status, res.body.error.code, Object.keys(res.body.error.fields)]).toEqual([400, 'invalid_request', ['tz']]);
      expect((await new Client(target).get(`/api/v1/admin/sites/${SITE}/stats?${query}`)).status).toBe(401);
    });
  });
};
