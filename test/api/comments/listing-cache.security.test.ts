import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ListingCache, listingCache } from '../../../server/features/comments/listing-cache.ts';
import { aComment, makeTestApp, type TestApp } from '../../support/test-app.ts';

/**
 * The attack of issue 12: an anonymous client asked for listings of a page of long comments with
 * thousands of invented cursors (and every limit), each answer was cached, and the process grew
 * from 190 MB to 4 GB. The cache is now bounded in bytes and only keeps what the server itself
 * would ask for: the first page of each sort and pages behind cursors it signed.
 */
const LIST = '/api/v1/sites/news/comments';
const PAGE = '/2026/long-reads';
const BUDGET = 4 * 1024 * 1024;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapUsed = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

/** A well-formed cursor of the old, unsigned kind, after every comment: it would list a whole first page. */
const invented = (i: number, sort = 'newest') =>
  btoa(JSON.stringify([sort, 0, Date.UTC(2027, 0, 1) + i, `made-up-${i}`])).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp({ listingCacheBytes: BUDGET });
  // Long comments (9,000 characters each, one reply each) make a first page about 360 KB.
  const long = 'All work and no play makes a long comment. '.repeat(210);
  for (let i = 0; i < 24; i++) {
    const root = (await t.post(LIST, aComment({ page: PAGE, body: `${i} ${long}` }))).body.comment;
    await t.post(LIST, aComment({ page: PAGE, body: `reply ${i} ${long}`, parentId: root.id }));
  }
});
afterEach(() => t.close());

describe('listing cache under attack', () => {
  it('refuses thousands of invented cursors, caches none of them, and the heap stays within the budget', async () => {
    expect((await t.get(`${LIST}?page=${PAGE}`)).status).toBe(200);
    const before = heapUsed();
    for (let i = 0; i < 3000; i++) {
      const sort = (['newest', 'oldest', 'top'] as const)[i % 3];
      const res = await t.get(`${LIST}?page=${PAGE}&sort=${sort}&cursor=${invented(i, sort)}`);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
    }
    // The same at once: a burst of invented cursors in flight together, and signed-looking ones.
    const burst = await Promise.all(Array.from({ length: 300 }, (_, i) => t.get(`${LIST}?page=${PAGE}&cursor=${invented(5000 + i)}.${'0'.repeat(32)}`)));
    expect(burst.every((r) => r.status === 400)).toBe(true);
    const grown = heapUsed() - before;
    const cache = listingCache(t.db);
    expect(cache.size).toBe(1);
    expect(cache.bytes).toBeLessThanOrEqual(BUDGET);
    // Before the fix each invented cursor kept its answer: 2,000 of them held hundreds of MB.
    expect(grown).toBeLessThan(BUDGET + 16 * 1024 * 1024);
  });

  it('holds the byte budget whatever limits and issued cursors a client walks through', async () => {
    const before = heapUsed();
    for (const sort of ['newest', 'oldest', 'top']) {
      for (const limit of [1, 2, 3, 20, 50]) {
        let cursor: string | null = null;
        do {
          const res: any = await t.get(`${LIST}?page=${PAGE}&sort=${sort}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
          expect(res.status).toBe(200);
          cursor = res.body.nextCursor;
        } while (cursor);
      }
    }
    const cache = listingCache(t.db);
    expect(cache.bytes).toBeLessThanOrEqual(BUDGET);
    // Only the widget's page size is kept: the first page and the one behind its cursor, per sort.
    expect(cache.size).toBe(6);
    expect(heapUsed() - before).toBeLessThan(BUDGET + 16 * 1024 * 1024);
  });

  it('refuses a limit above 50 and a cursor issued for another page', async () => {
    expect((await t.get(`${LIST}?page=${PAGE}&limit=100`)).status).toBe(400);
    const first = await t.get(`${LIST}?page=${PAGE}&limit=1`);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    await t.post(LIST, aComment({ page: '/other' }));
    expect((await t.get(`${LIST}?page=/other&limit=1&cursor=${first.body.nextCursor}`)).status).toBe(400);
    // Tampering with the payload of an issued cursor breaks its signature.
    const [payload, mac] = first.body.nextCursor.split('.');
    const forged = `${invented(1)}.${mac}`;
    expect(payload).not.toBe(invented(1));
    expect((await t.get(`${LIST}?page=${PAGE}&limit=1&cursor=${forged}`)).status).toBe(400);
  });
});

describe('ListingCache', () => {
  const entry = (size: number) => ({ version: 'v1', etag: 'W/"x"', body: 'x'.repeat(size) });

  it('evicts the oldest entries to stay within its bytes, and keeps no entry over a quarter of them', () => {
    const cache = new ListingCache(100_000);
    for (let i = 0; i < 100; i++) {
      cache.set(`k${i}`, entry(10_000));
      expect(cache.bytes).toBeLessThanOrEqual(100_000);
    }
    expect(cache.get('k99')).toBeDefined();
    expect(cache.get('k0')).toBeUndefined();
    cache.set('big', entry(20_000));
    expect(cache.get('big')).toBeUndefined();
    // Replacing a key does not count it twice.
    const held = cache.bytes;
    cache.set('k99', entry(10_000));
    expect(cache.bytes).toBe(held);
  });

  it('keeps nothing with a budget of 0 (LISTING_CACHE_MB=0)', () => {
    const cache = new ListingCache(0);
    cache.set('a', entry(1));
    expect(cache.size).toBe(0);
  });
});
