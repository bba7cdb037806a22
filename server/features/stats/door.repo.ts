import { sql } from 'drizzle-orm';
import type { AppDb } from '../../../db/client.ts';
import { statsCounters } from '../../../db/schema.ts';
import { EVENT_ONLY_METRICS } from './rebuild.repo.ts';

const REFUSED_AT_DOOR: (typeof EVENT_ONLY_METRICS)[number] = 'comments.refusedAtDoor';

/**
 * Counts a comment refused before it was stored (banned words, a banned commenter): no row is
 * left to count it from, so this one upsert is its only trace. The overview adds it to "refused".
 */
export async function countRefusedAtDoor(db: AppDb, siteId: string, at: number): Promise<void> {
  await db
    .insert(statsCounters)
    .values({ siteId, metric: REFUSED_AT_DOOR, bucket: at - (at % 900_000), subject: '', value: 1 })
    .onConflictDoUpdate({ target: [statsCounters.siteId, statsCounters.metric, statsCounters.bucket, statsCounters.subject], set: { value: sql`${statsCounters.value} + 1` } });
}
