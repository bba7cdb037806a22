import { and, desc, eq, inArray, lt, lte, ne, sql } from 'drizzle-orm';
import type { AtomicStatement } from '../../../db/atomic.ts';
import type { AppDb } from '../../../db/client.ts';
import { editors, sites, webhookDeliveries, webhookEndpoints } from '../../../db/schema.ts';

export type DeliveryRow = typeof webhookDeliveries.$inferSelect;

/** A claimed delivery with what sending it needs from its endpoint. */
export interface DueDelivery {
  id: string;
  event: string;
  payload: string;
  attempts: number;
  endpointId: string;
  siteId: string;
  siteName: string;
  url: string;
  secret: string;
  format: 'standard' | 'slack';
  /** When the endpoint was last changed (turned on again …): names one run of failures. */
  endpointUpdatedAt: number;
}

const DUE_COLUMNS = {
  id: webhookDeliveries.id,
  event: webhookDeliveries.event,
  payload: webhookDeliveries.payload,
  attempts: webhookDeliveries.attempts,
  endpointId: webhookEndpoints.id,
  siteId: webhookEndpoints.siteId,
  siteName: sites.name,
  url: webhookEndpoints.url,
  secret: webhookEndpoints.secret,
  format: webhookEndpoints.format,
  endpointUpdatedAt: webhookEndpoints.updatedAt,
};

/**
 * Claims up to `size` due deliveries of enabled endpoints by pushing their lease forward (only
 * rows whose lease has lapsed qualify, so two drains never take the same row) and answers them.
 * Deliveries of a disabled endpoint wait: they go out if an owner turns it on again.
 */
export async function claimDue(db: AppDb, at: number, leaseMs: number, size: number): Promise<DueDelivery[]> {
  const due = db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(and(eq(webhookDeliveries.status, 'queued'), lte(webhookDeliveries.nextAttemptAt, at), lte(webhookDeliveries.leaseUntil, at), eq(webhookEndpoints.enabled, true)))
    .orderBy(webhookDeliveries.nextAttemptAt, webhookDeliveries.id)
    .limit(size);
  const claimed = await db
    .update(webhookDeliveries)
    .set({ leaseUntil: at + leaseMs })
    .where(and(inArray(webhookDeliveries.id, due), lte(webhookDeliveries.leaseUntil, at)))
    .returning({ id: webhookDeliveries.id });
  return claimOne(db, claimed.map((r) => r.id));
}

/** Claims one delivery regardless of its schedule or its endpoint's state (the test event, sent at once). */
export async function claimById(db: AppDb, id: string, at: number, leaseMs: number): Promise<DueDelivery | undefined> {
  const claimed = await db
    .update(webhookDeliveries)
    .set({ leaseUntil: at + leaseMs })
    .where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.status, 'queued'), lte(webhookDeliveries.leaseUntil, at)))
    .returning({ id: webhookDeliveries.id });
  return (await claimOne(db, claimed.map((r) => r.id)))[0];
}

async function claimOne(db: AppDb, ids: string[]): Promise<DueDelivery[]> {
  if (ids.length === 0) return [];
  return db
    .select(DUE_COLUMNS)
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .innerJoin(sites, eq(sites.id, webhookEndpoints.siteId))
    .where(inArray(webhookDeliveries.id, ids))
    .orderBy(webhookDeliveries.nextAttemptAt, webhookDeliveries.id)
    .all();
}

export interface AttemptRecord {
  id: string;
  endpointId: string;
  at: number;
  status: number | null;
  snippet: string | null;
  error: string | null;
}

/** A delivery that the receiver accepted; its endpoint's failure count starts again. */
export function deliveredStatements(db: AppDb, r: AttemptRecord): AtomicStatement[] {
  return [
    db
      .update(webhookDeliveries)
      .set({ status: 'delivered', attempts: sql`${webhookDeliveries.attempts} + 1`, responseStatus: r.status, responseSnippet: r.snippet, lastError: null, lastAttemptAt: r.at, deliveredAt: r.at, leaseUntil: 0 })
      .where(eq(webhookDeliveries.id, r.id)),
    db.update(webhookEndpoints).set({ failureStreak: 0 }).where(eq(webhookEndpoints.id, r.endpointId)),
  ];
}

/**
 * A failed attempt: the delivery waits until `retryAt`, or is failed for good when that is null;
 * the endpoint's failure count grows, and with `disable` the endpoint is turned off.
 */
export function failedStatements(db: AppDb, r: AttemptRecord & { retryAt: number | null; countFailure: boolean; disable?: string }): AtomicStatement[] {
  const statements: AtomicStatement[] = [
    db
      .update(webhookDeliveries)
      .set({
        attempts: sql`${webhookDeliveries.attempts} + 1`,
        responseStatus: r.status,
        responseSnippet: r.snippet,
        lastError: r.error,
        lastAttemptAt: r.at,
        leaseUntil: 0,
        ...(r.retryAt === null ? { status: 'failed' as const } : { nextAttemptAt: r.retryAt }),
      })
      .where(eq(webhookDeliveries.id, r.id)),
  ];
  if (r.countFailure) {
    statements.push(
      db
        .update(webhookEndpoints)
        .set({ failureStreak: sql`${webhookEndpoints.failureStreak} + 1`, ...(r.disable ? { enabled: false, disabledReason: r.disable, updatedAt: r.at } : {}) })
        .where(eq(webhookEndpoints.id, r.endpointId)),
    );
  }
  return statements;
}

/** The endpoint's failed attempts in a row, counting the one being recorded. */
export async function failureStreakOf(db: AppDb, endpointId: string): Promise<number> {
  const row = await db.select({ n: webhookEndpoints.failureStreak }).from(webhookEndpoints).where(eq(webhookEndpoints.id, endpointId)).get();
  return row?.n ?? 0;
}

/** The addresses of the owners, who are told when an endpoint is turned off. */
export async function ownerEmails(db: AppDb): Promise<string[]> {
  return (await db.select({ email: editors.email }).from(editors).where(eq(editors.role, 'owner')).all()).map((r) => r.email);
}

/** An endpoint's delivery log, newest first. */
export async function listDeliveries(db: AppDb, endpointId: string, limit: number): Promise<DeliveryRow[]> {
  return db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointId)).orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id)).limit(limit).all();
}

/** One delivery as the log shows it. */
export async function findDelivery(db: AppDb, id: string): Promise<DeliveryRow | undefined> {
  return db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id)).get();
}

/** Removes finished deliveries (delivered or failed) created before `before`; waiting ones stay. */
export async function deleteFinishedBefore(db: AppDb, before: number): Promise<void> {
  await db.delete(webhookDeliveries).where(and(lt(webhookDeliveries.createdAt, before), ne(webhookDeliveries.status, 'queued')));
}
