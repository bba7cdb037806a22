import { sql } from 'drizzle-orm';
import type { AppDb } from '../../db/client.ts';
import journal from '../../db/migrations/meta/_journal.json' with { type: 'json' };

/** The migrations this build ships (drizzle-kit's journal, the same folder wrangler applies). */
export const EXPECTED_MIGRATIONS = journal.entries.length;

/** Queued mail due longer than this means nothing is draining the outbox. */
const OUTBOX_STUCK_MS = 30 * 60_000;

export interface ReadinessReport {
  ready: boolean;
  /** Each check's verdict: 'ok', or what is wrong in words an operator can act on. */
  checks: Record<string, string>;
}

async function appliedMigrations(db: AppDb): Promise<number> {
  // drizzle's migrator (Node) and wrangler (D1) each keep their own table of applied migrations.
  for (const table of ['__drizzle_migrations', 'd1_migrations']) {
    const exists = await db.all<{ n: number }>(sql`select count(*) as n from sqlite_master where type = 'table' and name = ${table}`);
    if ((exists[0]?.n ?? 0) > 0) {
      const rows = await db.all<{ n: number }>(sql.raw(`select count(*) as n from "${table}"`));
      return rows[0]?.n ?? 0;
    }
  }
  return 0;
}

async function check(run: () => Promise<string>): Promise<string> {
  try {
    return await run();
  } catch (err) {
    return `failed: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/**
 * Whether this instance can serve: the database answers a read, its schema is the one this build
 * expects, the outbox is being drained, and (on Node) the storage the runtime checks is usable.
 */
export async function readiness(db: AppDb, now: number, storage?: () => Promise<string | undefined>): Promise<ReadinessReport> {
  const checks: Record<string, string> = {};
  checks.database = await check(async () => {
    await db.all(sql`select count(*) from sites`);
    return 'ok';
  });
  if (storage) checks.storage = await check(async () => (await storage()) ?? 'ok');
  checks.migrations = await check(async () => {
    const applied = await appliedMigrations(db);
    if (applied < EXPECTED_MIGRATIONS) return `${applied} of ${EXPECTED_MIGRATIONS} migrations applied: migrate the database (the Node server does it at start; on D1 run wrangler d1 migrations apply)`;
    if (applied > EXPECTED_MIGRATIONS) return `the database has ${applied} migrations, this build knows ${EXPECTED_MIGRATIONS}: it was written by a newer version`;
    return 'ok';
  });
  checks.outbox = await check(async () => {
    const rows = await db.all<{ oldest: number | null }>(sql`select min(next_attempt_at) as oldest from outbox where status = 'queued'`);
    const oldest = rows[0]?.oldest;
    if (oldest != null && now - oldest > OUTBOX_STUCK_MS) return `mail due since ${new Date(oldest).toISOString()} is still queued: the outbox is not being drained`;
    return 'ok';
  });
  return { ready: Object.values(checks).every((v) => v === 'ok'), checks };
}
