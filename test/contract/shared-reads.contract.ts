import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { pages } from '../../db/schema.ts';
import type { Client } from './client.ts';
import { siteWithOwner } from './site-setup.ts';
import type { ContractSuite } from './target.ts';
import { SITE_ORIGIN } from '../support/test-app.ts';

const SITE = 'c-shared';
const API = `/api/v1/sites/${SITE}`;
const PAGE = '/shared';

/**
 * The hot public reads may be kept (on Workers in the Cache API, by the page's version), yet a
 * write through the API — a reader's comment or vote, an editor's moderation — makes the very
 * next read fresh, on both runtimes.
 */
export const sharedReadsContract: ContractSuite = (target) => {
  describe('kept public reads and writes', () => {
    let reader: Client;
    let owner: Client;
    const post = async (body: string) => reader.post(`${API}/comments`, { page: PAGE, authorName: 'Ada', body, website: '', ...(await reader.proof(`${API}/challenge`)) });
    /** What a reader sees of the page through each hot read. */
    const reads = async () => {
      const listing = await reader.get(`${API}/comments?page=${PAGE}`);
      const oldest = await reader.get(`${API}/comments?page=${PAGE}&sort=oldest`);
      const html = await reader.get(`${API}/comments.html?page=${PAGE}`);
      return {
        title: listing.body.page.title as string | null,
        listed: (listing.body.comments as { bodyHtml: string }[]).map((c) => c.bodyHtml.replace(/<[^>]+>/g, '').trim()),
        oldest: (oldest.body.comments as unknown[]).length,
        count: listing.body.page.commentCount as number,
        check: (await reader.get(`${API}/comments/check?page=${PAGE}`)).body.commentCount as number,
        counts: (await reader.get(`${API}/counts?page=${PAGE}`)).body.counts[PAGE] as number,
        html: String(html.body),
      };
    };

    beforeAll(async () => {
      ({ reader, owner } = await siteWithOwner(target, SITE));
    });

    it('shows a comment, and its removal, at the next read after the write', async () => {
      expect(await reads()).toMatchObject({ listed: [], count: 0, check: 0, counts: 0 });
      // Read twice, so whatever can be kept is kept.
      await reads();

      const first = await post('The first word on the story.');
      expect(first.status).toBe(201);
      const one = await reads();
      expect(one).toMatchObject({ listed: ['The first word on the story.'], oldest: 1, count: 1, check: 1, counts: 1 });
      expect(one.html).toContain('The first word on the story.');
      await reads();

      expect((await post('A second voice.')).status).toBe(201);
      expect(await reads()).toMatchObject({ listed: ['A second voice.', 'The first word on the story.'], oldest: 2, count: 2, check: 2, counts: 2 });

      // An editor's action, through the dashboard's API, is seen at once too.
      expect((await owner.post(`/api/v1/admin/comments/${first.body.comment.id}/actions`, { action: 'reject' })).status).toBe(200);
      const after = await reads();
      expect(after).toMatchObject({ listed: ['A second voice.'], oldest: 1, count: 1, check: 1, counts: 1 });
      expect(after.html).not.toContain('The first word on the story.');
    });

    it('serves the hot reads without the database where a shared cache keeps them (Workers), and the next write refreshes them', async () => {
      await reads();
      // A change made behind the app's back, straight in the database: only the runtime that
      // reads the database for every request (Node) shows it before the next write.
      await target().db.update(pages).set({ title: 'Changed behind the app' }).where(eq(pages.key, PAGE));
      const kept = target().name === 'workerd';
      expect((await reads()).title).toBe(kept ? null : 'Changed behind the app');
      // A CORS preflight, which every new reader's browser sends, changes nothing: what is kept stays.
      const preflight = await reader.request('OPTIONS', `${API}/comments?page=${PAGE}`, undefined, { Origin: SITE_ORIGIN, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'x-parley-reader' });
      expect(preflight.status).toBe(204);
      expect((await reads()).title).toBe(kept ? null : 'Changed behind the app');
      expect((await post('A third voice.')).status).toBe(201);
      expect(await reads()).toMatchObject({ title: 'Changed behind the app', count: 2, check: 2, counts: 2 });
    });
  });
};
