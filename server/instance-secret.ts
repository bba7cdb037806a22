import { eq } from 'drizzle-orm';
import type { AppDb } from '../db/client.ts';
import { instance } from '../db/schema.ts';
import { newToken } from './crypto.ts';

/**
 * The installation's secret for keyed hashes and signed tokens. A configured secret wins; without
 * one, a random secret is made on first start and kept in the database, so a laptop install
 * needs no setup and restarts keep the same keys.
 */
export async function instanceSecret(db: AppDb, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  await db.insert(instance).values({ key: 'secret', value: newToken() }).onConflictDoNothing();
  const row = await db.select({ value: instance.value }).from(instance).where(eq(instance.key, 'secret')).get();
  if (!row) throw new Error('could not store the instance secret');
  return row.value;
}
