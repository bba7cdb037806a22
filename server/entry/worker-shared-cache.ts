/**
 * The shared cache on Workers: the Cache API of the data centre (`caches.default`), which every
 * isolate there reads, unlike its own memory. Entries live under the deployment's own origin, on
 * a path no route answers, and expire by their Cache-Control. The Cache API does nothing on
 * *.workers.dev hosts (Cloudflare's rule): there every read still goes to D1, correctly.
 */
import type { Cache } from '@cloudflare/workers-types/index.ts';
import type { SharedCache } from '../shared-cache.ts';

export function workerSharedCache(origin: string, cache: Cache = (globalThis.caches as unknown as { default: Cache }).default): SharedCache {
  const url = (key: string) => `${origin}/__parley/shared-cache/${encodeURIComponent(key)}`;
  return {
    async get(key) {
      const res = await cache.match(url(key));
      return res ? res.text() : undefined;
    },
    async put(key, value, seconds) {
      await cache.put(url(key), new Response(value, { headers: { 'Cache-Control': `max-age=${seconds}`, 'Content-Type': 'text/plain; charset=utf-8' } }) as never);
    },
    async delete(key) {
      await cache.delete(url(key));
    },
  };
}
