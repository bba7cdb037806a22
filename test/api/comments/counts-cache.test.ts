import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countsCache, listingCache } from '../../../server/features/comments/listing-cache.ts';
import { aComment, makeTestApp, type TestApp } from '../../support/test-app.ts';

/**
 * count.js answers are kept like listings (issue 16): checked against the counts they were made
 * of, so a hit skips building and hashing the answer, and a post shows at the next request. They
 * are kept apart from the listings, in an eighth of their budget, so invented page keys (anyone
 * can ask for any) neither grow the process nor push the listings out.
 */
const API = '/api/v1/sites/news';
const BUDGET = 1024 * 1024;

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp({ listingCacheBytes: BUDGET });
});
afterEach(() => t.close());

const counts = (...keys: string[]) => t.get(`${API}/counts?${keys.map((k) => `page=${encodeURIComponent(k)}`).join('&')}`);

describe('count answers, kept', () => {
  it('keeps one answer per query and shows a new comment at the next request', async () => {
    await t.post(`${API}/comments`, aComment({ page: '/a' }));
    const first = await counts('/a', '/b');
    expect(first.body).toEqual({ counts: { '/a': 1, '/b': 0 } });
    const again = await counts('/a', '/b');
    expect(again.headers.get('ETag')).toBe(first.headers.get('ETag'));
    expect((await t.get(`${API}/counts?page=/a&page=/b`, { 'If-None-Match': first.headers.get('ETag')! })).status).toBe(304);
    const cache = countsCache(t.db, BUDGET / 8);
    expect(cache.size).toBe(1);

    await t.post(`${API}/comments`, aComment({ page: '/b' }));
    const after = await counts('/a', '/b');
    expect(after.body).toEqual({ counts: { '/a': 1, '/b': 1 } });
    expect(after.headers.get('ETag')).not.toBe(first.headers.get('ETag'));
    expect(cache.size).toBe(1);
  });

  it('answers every number of keys from 1 to 50 (one prepared query per number), and refuses 51', async () => {
    await t.post(`${API}/comments`, aComment({ page: '/p7' }));
    for (let n = 1; n <= 50; n++) {
      const keys = Array.from({ length: n }, (_, i) => `/p${i}`);
      const res = await counts(...keys);
      expect(res.status).toBe(200);
      expect(Object.keys(res.body.counts)).toHaveLength(n);
      expect(res.body.counts['/p7'] ?? 0).toBe(n > 7 ? 1 : 0);
    }
    const tooMany = await counts(...Array.from({ length: 51 }, (_, i) => `/p${i}`));
    expect([tooMany.status, tooMany.body.error.code]).toEqual([400, 'invalid_request']);
  });

  it('stays within its budget under thousands of invented keys, at once too, and leaves the listings alone', async () => {
    await t.post(`${API}/comments`, aComment({ page: '/hot' }));
    expect((await t.get(`${API}/comments?page=/hot`)).status).toBe(200);
    const listings = listingCache(t.db);
    expect(listings.size).toBe(1);
    const long = 'x'.repeat(400);
    for (let i = 0; i < 1500; i++) expect((await counts(...Array.from({ length: 10 }, (_, j) => `/${long}/${i}/${j}`))).status).toBe(200);
    const burst = await Promise.all(Array.from({ length: 300 }, (_, i) => counts(`/made-up/${i}`, '/hot')));
    expect(burst.every((r) => r.status === 200 && r.body.counts['/hot'] === 1)).toBe(true);
    const cache = countsCache(t.db, BUDGET / 8);
    // 1,500 answers of ~8 KB each would be ~24 MB (twice that in UTF-16): the budget held.
    expect(cache.bytes).toBeLessThanOrEqual(BUDGET / 8);
    expect(cache.size).toBeGreaterThan(0);
    expect(listings.size).toBe(1);
    expect((await t.get(`${API}/comments?page=/hot`)).body.page.commentCount).toBe(1);
  });
});
