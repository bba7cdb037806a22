/**
 * The shared cache on Workers: the Cache API of the data centre (`caches.default`), which every
 * isolate there reads, unlike its own memory. Entries live under the deployment's own origin, on
 * a path no route answers, and expire by their Cache-Control. The Cache API does nothing on
 * *.workers.dev hosts (Cloudflare's rule): there every read still goes to D1, correctly.
 *
 * In front of it, each isolate keeps what it read for at most a second: a Cache API lookup is a
 * hop out of the isolate (about 1 ms, more under load), and a hot listing made two of them (the
 * site, the page row), which held it at a quarter of the health route's throughput. A write in
 * this isolate forgets its own copy at once; one through another isolate shows here within that
 * second.
 */
import type { Cache } from '@cloudflare/workers-types/index.ts';
import type { SharedCache } from '../shared-cache.ts';

/** How long an isolate trusts what it read from the Cache API. */
export const ISOLATE_MS = 1000;
/** What the isolate's copies may hold, in UTF-16 units; larger values are not copied. */
const ISOLATE_UNITS = 4 * 1024 * 1024;
const LARGEST_UNITS = ISOLATE_UNITS / 16;

export function workerSharedCache(origin: string, cache: Cache = (globalThis.caches as unknown as { default: Cache }).default, now: () => number = Date.now): SharedCache {
  const url = (key: string) => `${origin}/__parley/shared-cache/${encodeURIComponent(key)}`;
  const copies = new Map<string, { value: string; until: number }>();
  let units = 0;
  const forget = (key: string) => {
    const old = copies.get(key);
    if (old) units -= old.value.length;
    copies.delete(key);
  };
  const copy = (key: string, value: string, seconds: number) => {
    forget(key);
    if (value.length > LARGEST_UNITS) return;
    // Oldest first: a Map iterates in insertion order.
    for (const oldest of copies.keys()) {
      if (units + value.length <= ISOLATE_UNITS) break;
      forget(oldest);
    }
    copies.set(key, { value, until: now() + Math.min(ISOLATE_MS, seconds * 1000) });
    units += value.length;
  };
  return {
    async get(key) {
      const held = copies.get(key);
      if (held && held.until > now()) return held.value;
      const res = await cache.match(url(key));
      if (!res) return undefined;
      const value = await res.text();
      // How long the Cache API still keeps it is not told; a second is within any entry's life.
      copy(key, value, ISOLATE_MS / 1000);
      return value;
    },
    async put(key, value, seconds) {
      copy(key, value, seconds);
      await cache.put(url(key), new Response(value, { headers: { 'Cache-Control': `max-age=${seconds}`, 'Content-Type': 'text/plain; charset=utf-8' } }) as never);
    },
    async delete(key) {
      forget(key);
      await cache.delete(url(key));
    },
  };
}
