import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import { atomic, type AtomicStatement } from '../../db/atomic.ts';
import { chunked, queryInChunks, rowsPerInsert } from '../../db/chunks.ts';
import type { AppDb } from '../../db/client.ts';
import { outbox, suppressions } from '../../db/schema.ts';
import { sha256Hex } from '../crypto.ts';
import { newId } from '../ids.ts';
import type { Mailer, MessageResult, OutgoingMessage } from './mailer.ts';

/** An email to put in the outbox. */
export interface NewEmail {
  siteId: string | null;
  kind: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  headers?: Record<string, string>;
  broadcastId?: string;
  /** Makes enqueueing idempotent too: the same key is never queued twice. */
  idempotencyKey?: string;
  /** The row's id, when a later statement of the same write must refer to it; else a new one. */
  id?: string;
}

/**
 * The insert that queues an email; run it in the same atomic write as the change that causes
 * the email, so there is never a change without its email or an email without its change.
 */
export function enqueueStatement(db: AppDb, email: NewEmail, now: number): AtomicStatement {
  return db.insert(outbox).values(outboxRow(email, now)).onConflictDoNothing({ target: outbox.idempotencyKey });
}

/** Rows per INSERT when queueing in bulk, under D1's 100 bound parameters per statement. */
const ROWS_PER_INSERT = rowsPerInsert(outbox);

/** The inserts that queue many emails (a newsletter), several rows per statement. */
export function enqueueManyStatements(db: AppDb, emails: NewEmail[], now: number): AtomicStatement[] {
  const statements: AtomicStatement[] = [];
  for (let i = 0; i < emails.length; i += ROWS_PER_INSERT) {
    const rows = emails.slice(i, i + ROWS_PER_INSERT).map((e) => outboxRow(e, now));
    statements.push(db.insert(outbox).values(rows).onConflictDoNothing({ target: outbox.idempotencyKey }));
  }
  return statements;
}

function outboxRow(email: NewEmail, now: number) {
  const id = email.id ?? newId();
  return {
    id,
    siteId: email.siteId,
    kind: email.kind,
    toEmail: email.to.toLowerCase(),
    subject: email.subject,
    html: email.html,
    text: email.text,
    headers: JSON.stringify(email.headers ?? {}),
    idempotencyKey: email.idempotencyKey ?? `parley-${id}`,
    broadcastId: email.broadcastId ?? null,
    nextAttemptAt: now,
    createdAt: now,
  };
}

/** A drain that dies mid-send leaves its rows claimed this long; then another drain retries them. */
const LEASE_MS = 2 * 60 * 1000;
/** Transient failures are retried this many times, backing off exponentially, then recorded as failed. */
export const MAX_ATTEMPTS = 8;
const BASE_BACKOFF_MS = 30_000;
const MAX_BACKOFF_MS = 60 * 60 * 1000;

export function backoffMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.max(0, attempts - 1));
}

export interface DrainOptions {
  mailer: Mailer;
  from: string;
  now: () => number;
  /** Most messages to take in this drain. */
  limit?: number;
  /** Pause between provider calls (ms) when told to wait; tests and the CLI pass their own sleep. */
  sleep?: (ms: number) => Promise<void>;
}

export interface DrainReport {
  sent: number;
  failed: number;
  retried: number;
  suppressed: number;
  calls: number;
  /** Set when the provider asked us to slow down; the drain stops and the rows wait. */
  rateLimitedForMs?: number;
}

/**
 * Sends what is due in the outbox, in provider batches. Safe to run concurrently (rows are
 * leased before sending) and to crash anywhere: a row is only marked sent after the provider
 * answered, and a resend after a crash carries the same idempotency key, so the provider drops
 * the duplicate.
 */
export async function drainOutbox(db: AppDb, options: DrainOptions): Promise<DrainReport> {
  const report: DrainReport = { sent: 0, failed: 0, retried: 0, suppressed: 0, calls: 0 };
  const limit = options.limit ?? 1000;
  let taken = 0;
  while (taken < limit) {
    const at = options.now();
    const size = Math.min(options.mailer.maxBatch, limit - taken);
    // Claim due rows by pushing their lease forward; only rows whose lease has lapsed qualify.
    const due = db
      .select({ id: outbox.id })
      .from(outbox)
      .where(and(eq(outbox.status, 'queued'), lte(outbox.nextAttemptAt, at), lte(outbox.leaseUntil, at)))
      .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
      .limit(size);
    const claimed = await db
      .update(outbox)
      .set({ leaseUntil: at + LEASE_MS })
      .where(and(inArray(outbox.id, due), lte(outbox.leaseUntil, at)))
      .returning();
    if (claimed.length === 0) break;
    taken += claimed.length;
    claimed.sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

    // Suppressed addresses are never mailed, whenever they were suppressed.
    const addresses = [...new Set(claimed.map((r) => r.toEmail))];
    const blocked = new Set(
      (await queryInChunks(addresses, (slice) => db.select({ email: suppressions.email }).from(suppressions).where(inArray(suppressions.email, slice)).all())).map((r) => r.email),
    );
    const toSend = claimed.filter((r) => !blocked.has(r.toEmail));
    const skipped = claimed.filter((r) => blocked.has(r.toEmail));
    if (skipped.length > 0) {
      const set = { status: 'suppressed', leaseUntil: 0, lastError: 'address is on the suppression list' } as const;
      await atomic(db, chunked(skipped.map((r) => r.id)).map((ids) => db.update(outbox).set(set).where(inArray(outbox.id, ids))));
      report.suppressed += skipped.length;
    }
    if (toSend.length === 0) continue;

    const messages: OutgoingMessage[] = toSend.map((r) => ({
      id: r.id,
      idempotencyKey: r.idempotencyKey,
      from: options.from,
      to: r.toEmail,
      subject: r.subject,
      html: r.html,
      text: r.text,
      headers: JSON.parse(r.headers) as Record<string, string>,
    }));
    // The same set of messages always makes the same batch key, so a retried batch is recognised.
    const batchKey = `parley-batch-${(await sha256Hex(messages.map((m) => m.idempotencyKey).join('\n'))).slice(0, 48)}`;
    report.calls++;
    const outcome = await options.mailer.send(messages, batchKey);
    const after = options.now();

    if (!outcome.ok) {
      if (outcome.retryAfterMs !== undefined) {
        // Rate limited: nothing was sent; everyone waits as long as the provider asked.
        const set = { nextAttemptAt: after + outcome.retryAfterMs, leaseUntil: 0, lastError: outcome.error };
        await atomic(db, chunked(toSend.map((r) => r.id)).map((ids) => db.update(outbox).set(set).where(inArray(outbox.id, ids))));
        report.rateLimitedForMs = outcome.retryAfterMs;
        report.retried += toSend.length;
        break;
      }
      await recordFailures(db, toSend.map((r) => ({ row: r, error: outcome.error, permanent: outcome.permanent })), after, report);
      continue;
    }

    const results = new Map(outcome.results.map((r) => [r.id, r]));
    const sentRows = toSend.filter((r) => results.get(r.id) && 'providerId' in results.get(r.id)!);
    const statements: AtomicStatement[] = sentRows.map((r) =>
      db
        .update(outbox)
        .set({
          status: options.mailer.kind === 'local' ? 'local' : 'sent',
          providerId: (results.get(r.id) as Extract<MessageResult, { providerId: string }>).providerId,
          attempts: sql`${outbox.attempts} + 1`,
          sentAt: after,
          leaseUntil: 0,
          lastError: null,
        })
        .where(eq(outbox.id, r.id)),
    );
    await atomic(db, statements);
    report.sent += sentRows.length;
    const refused = toSend.flatMap((r) => {
      const result = results.get(r.id);
      if (!result) return [{ row: r, error: 'no answer for this message', permanent: false }];
      return 'error' in result ? [{ row: r, error: result.error, permanent: result.permanent }] : [];
    });
    await recordFailures(db, refused, after, report);
  }
  return report;
}

async function recordFailures(
  db: AppDb,
  failures: { row: typeof outbox.$inferSelect; error: string; permanent: boolean }[],
  now: number,
  report: DrainReport,
): Promise<void> {
  if (failures.length === 0) return;
  await atomic(
    db,
    failures.map(({ row, error, permanent }) => {
      const attempts = row.attempts + 1;
      const giveUp = permanent || attempts >= MAX_ATTEMPTS;
      if (giveUp) report.failed++;
      else report.retried++;
      return db
        .update(outbox)
        .set(giveUp ? { status: 'failed', attempts, lastError: error, leaseUntil: 0 } : { attempts, lastError: error, leaseUntil: 0, nextAttemptAt: now + backoffMs(attempts) })
        .where(eq(outbox.id, row.id));
    }),
  );
}
