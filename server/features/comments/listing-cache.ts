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

export function remember(cache: Map<string, CachedListing>, key: string, value: CachedListing): void {
  // Oldest-first eviction: a Map iterates in insertion order, and a re-set key moves to the end.
  cache.delete(key);
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(key, value);
}
