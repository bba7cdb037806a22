import { eq } from 'drizzle-orm';
import type { AppDb } from '../../../db/client.ts';
import { rateLimits } from '../../../db/schema.ts';

/** The count of an attack sign's rate-limit row and when its window began, if it has one. */
export async function signCounter(db: AppDb, key: string): Promise<{ count: number; windowStart: number } | undefined> {
  return db.select({ count: rateLimits.count, windowStart: rateLimits.windowStart }).from(rateLimits).where(eq(rateLimits.key, key)).get();
}
