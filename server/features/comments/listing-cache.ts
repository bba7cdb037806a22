/**
 * Serialised public listings, kept per database and checked against the page's version (bumped
 * by triggers on every comment write, and by page updates) before use: a hit costs two indexed
 * reads instead of four queries, tree building and JSON. Local to the process or isolate;
 * correctness never depends on it, since a stale entry simply fails the version check.
 *
 * Bounded in bytes, not entries: an anonymous client once filled a 2,000-entry cache with
 * listings of 100 long comments each (one entry per invented cursor) and grew the process from
 * 190 MB to 4 GB. The route also only caches canonical requests (see comments.routes.ts), so
 * what clients send cannot multiply the entries; the byte budget is what holds whatever they do.
 */
export interface CachedListing {
  version: string;
  body: string;
  etag: string;
}

/** The default budget of one database's listing cache. */
export const DEFAULT_LISTING_CACHE_BYTES = 32 * 1024 * 1024;

/** What a Map entry costs besides its strings (key, object, map slot), generously. */
const ENTRY_OVERHEAD = 200;

export class ListingCache {
  readonly #entries = new Map<string, { value: CachedListing; bytes: number }>();
  #bytes = 0;

  constructor(readonly maxBytes: number) {}

  /** Bytes held now: an upper bound (two bytes per UTF-16 unit of every string kept). */
  get bytes(): number {
    return this.#bytes;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: string): CachedListing | undefined {
    return this.#entries.get(key)?.value;
  }

  /**
   * Keeps a listing, evicting the oldest until the budget holds it. A listing larger than a
   * quarter of the budget is not kept at all: one such answer would push out dozens of others.
   */
  set(key: string, value: CachedListing): void {
    this.delete(key);
    const bytes = 2 * (key.length + value.body.length + value.etag.length + value.version.length) + ENTRY_OVERHEAD;
    if (bytes > this.maxBytes / 4) return;
    // Oldest-first eviction: a Map iterates in insertion order, and a re-set key moves to the end.
    for (const oldest of this.#entries.keys()) {
      if (this.#bytes + bytes <= this.maxBytes) break;
      this.delete(oldest);
    }
    this.#entries.set(key, { value, bytes });
    this.#bytes += bytes;
  }

  delete(key: string): void {
    const old = this.#entries.get(key);
    if (!old) return;
    this.#entries.delete(key);
    this.#bytes -= old.bytes;
  }
}

const caches = new WeakMap<object, ListingCache>();

/** The listing cache of one database (`owner`), made with `maxBytes` on first use. */
export function listingCache(owner: object, maxBytes = DEFAULT_LISTING_CACHE_BYTES): ListingCache {
  let cache = caches.get(owner);
  if (!cache) caches.set(owner, (cache = new ListingCache(maxBytes)));
  return cache;
}

const countsCaches = new WeakMap<object, ListingCache>();

/** The cache of one database's count answers (count.js), apart from its listings. */
export function countsCache(owner: object, maxBytes: number): ListingCache {
  let cache = countsCaches.get(owner);
  if (!cache) countsCaches.set(owner, (cache = new ListingCache(maxBytes)));
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

/** Hits and misses since start, and what the cache holds now (entries, bytes). */
export function listingCacheStats(owner: object): { hits: number; misses: number; entries: number; bytes: number } {
  const cache = caches.get(owner);
  return { ...(lookups.get(owner) ?? { hits: 0, misses: 0 }), entries: cache?.size ?? 0, bytes: cache?.bytes ?? 0 };
}
