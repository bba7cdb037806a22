import { beforeAll, describe, expect, it } from 'vitest';
import type { Client } from './client.ts';
import { siteWithOwner } from './site-setup.ts';
import { SITE_ORIGIN } from '../support/test-app.ts';
import type { ContractSuite } from './target.ts';

const SITE = 'c-live';
const API = `/api/v1/sites/${SITE}`;
const CHECK = `${API}/comments/check?page=/live`;

/** The widget's "what's new" check and the shared-cache headers of the public reads. */
export const liveContract: ContractSuite = (target) => {
  describe('live discussion check and edge caching', () => {
    let reader: Client;
    let owner: Client;
    const post = async (body: string) => reader.post(`${API}/comments`, { page: '/live', authorName: 'Ada', body, website: '', ...(await reader.proof(`${API}/challenge`)) });

    beforeAll(async () => {
      ({ reader, owner } = await siteWithOwner(target, SITE));
    });

    it('answers 304 until a comment is published, then 200 with the new count; a held comment wakes nobody', async () => {
      const empty = await reader.get(CHECK);
      expect(empty.status).toBe(200);
      expect(empty.body).toEqual({ commentCount: 0 });
      const tag0 = empty.headers.get('ETag')!;
      expect(tag0).toBeTruthy();
      expect((await reader.get(CHECK, { 'If-None-Match': tag0 })).status).toBe(304);

      expect((await post('The first word.')).status).toBe(201);
      const after = await reader.get(CHECK, { 'If-None-Match': tag0 });
      expect(after.status).toBe(200);
      expect(after.body).toEqual({ commentCount: 1 });
      const tag1 = after.headers.get('ETag')!;
      expect(tag1).not.toBe(tag0);
      expect((await reader.get(CHECK, { 'If-None-Match': tag1 })).status).toBe(304);

      // Pre-moderation: the held comment bumps the page's version, but readers cannot see it.
      expect((await owner.request('PATCH', `/api/v1/admin/sites/${SITE}`, { moderationMode: 'pre' })).status).toBe(200);
      const held = await post('Held for review.');
      expect(held.body.comment.status).toBe('pending');
      expect((await reader.get(CHECK, { 'If-None-Match': tag1 })).status).toBe(304);

      // Publishing it is news.
      expect((await owner.post(`/api/v1/admin/comments/${held.body.comment.id}/actions`, { action: 'approve' })).status).toBe(200);
      const published = await reader.get(CHECK, { 'If-None-Match': tag1 });
      expect(published.status).toBe(200);
      expect(published.body).toEqual({ commentCount: 2 });
      // The check and the listing agree on the count.
      expect((await reader.get(`${API}/comments?page=/live`)).body.page.commentCount).toBe(2);
    });

    it('lets a CDN share the public reads for the site\'s edgeCacheSeconds, and 0 turns that off', async () => {
      const reads = [CHECK, `${API}/comments?page=/live`, `${API}/counts?page=/live`, `${API}/comments.html?page=/live`];
      for (const path of reads) {
        const res = await reader.get(path);
        expect([path, res.status, res.headers.get('Cache-Control')]).toEqual([path, 200, 'public, max-age=0, s-maxage=5, stale-while-revalidate=5']);
      }
      expect((await owner.request('PATCH', `/api/v1/admin/sites/${SITE}`, { edgeCacheSeconds: 20 })).status).toBe(200);
      expect((await reader.get(CHECK)).headers.get('Cache-Control')).toBe('public, max-age=0, s-maxage=20, stale-while-revalidate=20');
      expect((await owner.request('PATCH', `/api/v1/admin/sites/${SITE}`, { edgeCacheSeconds: 0 })).status).toBe(200);
      for (const path of reads) expect([path, (await reader.get(path)).headers.get('Cache-Control')]).toEqual([path, 'public, max-age=0, must-revalidate']);
      for (const bad of [-1, 301, 2.5, '5']) {
        const res = await owner.request('PATCH', `/api/v1/admin/sites/${SITE}`, { edgeCacheSeconds: bad });
        expect([bad, res.status, res.body.error.code]).toEqual([bad, 400, 'invalid_request']);
        expect(res.body.error.fields.edgeCacheSeconds).toMatch(/0 to 300/);
      }
    });

    it('answers the check to an allowed article origin, varying by origin so a shared cache keeps them apart', async () => {
      const res = await reader.get(CHECK, { Origin: SITE_ORIGIN });
      expect(res.headers.get('Access-Control-Allow-Origin')).toBe(SITE_ORIGIN);
      expect(res.headers.get('Access-Control-Expose-Headers')).toContain('ETag');
      expect(res.headers.get('Vary')).toMatch(/Origin/);
      expect((await reader.get(CHECK, { Origin: 'https://elsewhere.example' })).headers.get('Access-Control-Allow-Origin')).toBeNull();
    });

    it('answers a check without a page key with 400, and a site that does not exist with 404', async () => {
      const missing = await reader.get(`${API}/comments/check`);
      expect([missing.status, missing.body.error.code]).toEqual([400, 'invalid_request']);
      expect((await reader.get('/api/v1/sites/no-such-site/comments/check?page=/live')).status).toBe(404);
    });
  });
};
