/**
 * Serialised public listings, kept per database and checked against the page's version (bumped
 * by triggers on every comment write, and by page updates) before use: a hit costs two indexed
 * reads instead of four queries, tree building and JSON. Bounded, and local to the process or
 * isolate; correctness never depends on it, since a stale entry simply fails the version check.
 */
export interface CachedListing {
  version: string;
  body: string;
  etag: string;
}

const MAX_ENTRIES = 2000;
const caches = new WeakMap<object, Map<string, CachedListing>>();

export function listingCache(owner: object): Map<string, CachedListing> {
  let cache = caches.get(owner);
  if (!cache) caches.set(owner, (cache = new Map()));
  return cache;
}

const lookups = new WeakMap<object, { hits: number; misses: number }>();

/** Counts a lookup in `owner`'s cache, for the hit rate /metrics shows. */
export function countLookup(owner: object, hit: boolean): void {
  let counts = lookups.get(owner);
  if (!counts) lookups.set(owner, (counts = { hits: 0, misses: 0 }));
  if (hit) counts.hits++;
  else counts.misses++;
}

/** Hits and misses since start, and what the cache holds now (entries, bytes of JSON). */
export function listingCacheStats(owner: object): { hits: number; misses: number; entries: number; bytes: number } {
  const cache = caches.get(owner);
  let bytes = 0;
  for (const entry of cache?.values() ?? []) bytes += entry.body.length + entry.etag.length + entry.version.length;
  return { ...(lookups.get(owner) ?? { hits: 0, misses: 0 }), entries: cache?.size ?? 0, bytes };
}

export function remember(cache: Map<string, CachedListing>, key: string, value: CachedListing): void {
  // Oldest-first eviction: a Map iterates in insertion order, and a re-set key moves to the end.
  cache.delete(key);
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(key, value);
}
