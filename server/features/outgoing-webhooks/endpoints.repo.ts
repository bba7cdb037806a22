import { and, desc, eq } from 'drizzle-orm';
import type { AtomicStatement } from '../../../db/atomic.ts';
import type { AppDb } from '../../../db/client.ts';
import { webhookEndpoints } from '../../../db/schema.ts';

export type EndpointRow = typeof webhookEndpoints.$inferSelect;

/** Every column but the secret, which is never read back out to an editor. */
const PUBLIC_COLUMNS = {
  id: webhookEndpoints.id,
  siteId: webhookEndpoints.siteId,
  url: webhookEndpoints.url,
  events: webhookEndpoints.events,
  format: webhookEndpoints.format,
  enabled: webhookEndpoints.enabled,
  disabledReason: webhookEndpoints.disabledReason,
  failureStreak: webhookEndpoints.failureStreak,
  createdAt: webhookEndpoints.createdAt,
  updatedAt: webhookEndpoints.updatedAt,
};
export type PublicEndpointRow = Omit<EndpointRow, 'secret'>;

export function insertEndpointStatement(db: AppDb, row: EndpointRow): AtomicStatement {
  return db.insert(webhookEndpoints).values(row);
}

/** A site's endpoints, newest first. */
export async function listEndpoints(db: AppDb, siteId: string): Promise<PublicEndpointRow[]> {
  return db.select(PUBLIC_COLUMNS).from(webhookEndpoints).where(eq(webhookEndpoints.siteId, siteId)).orderBy(desc(webhookEndpoints.createdAt), desc(webhookEndpoints.id)).all();
}

/** One endpoint of the site (an id of another site's endpoint finds nothing). */
export async function findEndpoint(db: AppDb, siteId: string, id: string): Promise<PublicEndpointRow | undefined> {
  return db.select(PUBLIC_COLUMNS).from(webhookEndpoints).where(and(eq(webhookEndpoints.siteId, siteId), eq(webhookEndpoints.id, id))).get();
}

export interface EndpointChange {
  url?: string;
  events?: string;
  format?: EndpointRow['format'];
  enabled?: boolean;
  secret?: string;
}

/**
 * Changes an endpoint of the site. Turning it on again clears the automatic-disable reason and
 * the failure count, so it gets a fresh series of attempts.
 */
export function updateEndpointStatement(db: AppDb, siteId: string, id: string, change: EndpointChange, now: number): AtomicStatement {
  return db
    .update(webhookEndpoints)
    .set({ ...change, ...(change.enabled === true ? { disabledReason: null, failureStreak: 0 } : {}), updatedAt: now })
    .where(and(eq(webhookEndpoints.siteId, siteId), eq(webhookEndpoints.id, id)));
}

/** Removes an endpoint of the site; its delivery log goes with it. */
export function deleteEndpointStatement(db: AppDb, siteId: string, id: string): AtomicStatement {
  return db.delete(webhookEndpoints).where(and(eq(webhookEndpoints.siteId, siteId), eq(webhookEndpoints.id, id)));
}
