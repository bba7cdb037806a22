import { describe, expect, it } from 'vitest';
import type { Cache } from '@cloudflare/workers-types/index.ts';
import { ISOLATE_MS, workerSharedCache } from '../../../server/entry/worker-shared-cache.ts';

/** The Cache API as a map, counting the lookups that leave the isolate. */
function fakeCache() {
  const entries = new Map<string, string>();
  const calls = { match: 0 };
  const cache = {
    match: async (url: string) => {
      calls.match++;
      const value = entries.get(url);
      return value === undefined ? undefined : new Response(value);
    },
    put: async (url: string, res: Response) => void entries.set(url, await res.text()),
    delete: async (url: string) => entries.delete(url),
  };
  return { cache: cache as unknown as Cache, entries, calls };
}

describe('the Workers shared cache', () => {
  it('keeps what it read for at most a second in the isolate, then asks the Cache API again', async () => {
    const { cache, calls, entries } = fakeCache();
    let clock = 0;
    const shared = workerSharedCache('https://comments.example.com', cache, () => clock);
    await shared.put('page:a', 'v1', 5);
    expect([...entries.keys()]).toEqual(['https://comments.example.com/__parley/shared-cache/page%3Aa']);
    expect(await shared.get('page:a')).toBe('v1');
    expect(calls.match).toBe(0);
    // Another isolate changed it: this one sees it once its copy is a second old.
    entries.set('https://comments.example.com/__parley/shared-cache/page%3Aa', 'v2');
    clock += ISOLATE_MS - 1;
    expect(await shared.get('page:a')).toBe('v1');
    clock += 1;
    expect(await shared.get('page:a')).toBe('v2');
    expect(calls.match).toBe(1);
  });

  it('forgets its copy and the Cache API entry at once on delete, and never copies longer than the entry lives', async () => {
    const { cache, calls } = fakeCache();
    let clock = 0;
    const shared = workerSharedCache('https://c.example', cache, () => clock);
    await shared.put('site:news', 'gen-1', 10);
    await shared.delete('site:news');
    expect(await shared.get('site:news')).toBeUndefined();
    expect(calls.match).toBe(1);
    await shared.put('short', 'x', 0.5);
    clock += 600;
    await shared.get('short');
    expect(calls.match).toBe(2);
  });

  it('holds at most 4 Mi UTF-16 units of copies, oldest out first, and copies nothing over a sixteenth of that', async () => {
    const { cache, calls } = fakeCache();
    const shared = workerSharedCache('https://c.example', cache, () => 0);
    const big = 'x'.repeat(200_000);
    for (let i = 0; i < 30; i++) await shared.put(`k${i}`, big, 60);
    // 30 × 200,000 units is over the 4 Mi budget: the first ones were dropped, the last kept.
    await shared.get('k29');
    expect(calls.match).toBe(0);
    await shared.get('k0');
    expect(calls.match).toBe(1);
    await shared.put('huge', 'y'.repeat(300_000), 60);
    await shared.get('huge');
    expect(calls.match).toBe(2);
  });
});
