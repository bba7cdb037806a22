/**
 * A cache shared by the requests a deployment answers in one place, as a port: on Workers the
 * Cache API of the data centre (server/entry/worker-shared-cache.ts), where every isolate is new
 * to a hot page and each D1 query is a network round trip; absent on Node, whose in-process
 * SQLite reads cost less than such a cache would. Values are strings kept for a number of seconds;
 * a lost or evicted entry only costs the query it saved.
 */
export interface SharedCache {
  get(key: string): Promise<string | undefined>;
  put(key: string, value: string, seconds: number): Promise<void>;
  delete(key: string): Promise<void>;
}

/**
 * The JSON value kept under `key`, else `load()`'s, kept for `seconds` (not kept when 0, or when
 * there is no cache). `null` is a value too: "no such page" is worth remembering on a hot path.
 */
export async function remembered<T>(cache: SharedCache | undefined, key: string, seconds: number, load: () => Promise<T | null>): Promise<T | null> {
  if (!cache || seconds <= 0) return load();
  const kept = await cache.get(key);
  if (kept !== undefined) return JSON.parse(kept) as T | null;
  const value = await load();
  await cache.put(key, JSON.stringify(value), seconds);
  return value;
}
