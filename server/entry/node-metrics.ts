/**
 * Prometheus metrics of the Node server (prom-client): what the app reports per request, and
 * gauges read at scrape time from the database, the listing cache and the file system.
 */
import { statSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { AppDb } from '../../db/client.ts';
import { listingCacheStats } from '../features/comments/listing-cache.ts';
import type { AppMetrics, CommentOutcome } from '../http/observability.ts';
import type { Mailer } from '../mail/mailer.ts';
import { VERSION } from '../version.ts';

export interface NodeMetrics {
  registry: Registry;
  /** What createApp reports to. */
  app: AppMetrics;
  /** The same mailer, timing each provider call. */
  timedMailer(mailer: Mailer): Mailer;
  backupDone(ok: boolean, at: number): void;
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

export function nodeMetrics(db: AppDb, databasePath: string): NodeMetrics {
  const registry = new Registry();
  // Process memory, CPU, event-loop lag, file descriptors: the standard process_* and nodejs_* series.
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  new Gauge({ name: 'parley_build_info', help: 'Always 1; the version is a label.', labelNames: ['version'], registers }).set({ version: VERSION }, 1);
  const requests = new Counter({ name: 'parley_http_requests_total', help: 'HTTP requests answered, by route pattern and status.', labelNames: ['method', 'route', 'status'], registers });
  const latency = new Histogram({
    name: 'parley_http_request_duration_seconds',
    help: 'Time to answer HTTP requests, by route pattern and status.',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers,
  });
  const posted = new Counter({ name: 'parley_comments_posted_total', help: 'Comments posted, by outcome (approved, pending, spam, or refused and not stored).', labelNames: ['outcome'], registers });
  for (const outcome of ['approved', 'pending', 'spam', 'refused'] satisfies CommentOutcome[]) posted.inc({ outcome }, 0);
  const sendLatency = new Histogram({
    name: 'parley_outbox_send_duration_seconds',
    help: 'Time of each call to the mail provider (a batch of up to 100 messages).',
    labelNames: ['result'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const backups = new Counter({ name: 'parley_backups_total', help: 'Scheduled backups, by result.', labelNames: ['result'], registers });
  backups.inc({ result: 'ok' }, 0);
  backups.inc({ result: 'failed' }, 0);
  const lastBackup = new Gauge({ name: 'parley_backup_last_success_timestamp_seconds', help: 'When the last scheduled backup succeeded (0: none yet).', registers });

  new Gauge({
    name: 'parley_moderation_queue_size',
    help: 'Comments waiting for a moderator (pending), all sites.',
    registers,
    async collect() {
      const [row] = await db.all<{ n: number }>(sql`select count(*) as n from comments where status = 'pending'`);
      this.set(row?.n ?? 0);
    },
  });
  new Gauge({
    name: 'parley_moderation_queue_oldest_age_seconds',
    help: 'Age of the oldest pending comment (0 when the queue is empty).',
    registers,
    async collect() {
      const [row] = await db.all<{ oldest: number | null }>(sql`select min(created_at) as oldest from comments where status = 'pending'`);
      this.set(row?.oldest ? Math.max(0, (Date.now() - row.oldest) / 1000) : 0);
    },
  });
  new Gauge({
    name: 'parley_outbox_messages',
    help: 'Emails in the outbox waiting to be sent (queued) or given up on (failed).',
    labelNames: ['status'],
    registers,
    async collect() {
      const rows = await db.all<{ status: string; n: number }>(sql`select status, count(*) as n from outbox where status in ('queued', 'failed') group by status`);
      this.set({ status: 'queued' }, 0);
      this.set({ status: 'failed' }, 0);
      for (const r of rows) this.set({ status: r.status }, r.n);
    },
  });
  new Counter({
    name: 'parley_listing_cache_lookups_total',
    help: 'Comment listing cache lookups, by result.',
    labelNames: ['result'],
    registers,
    collect() {
      const stats = listingCacheStats(db);
      this.reset();
      this.inc({ result: 'hit' }, stats.hits);
      this.inc({ result: 'miss' }, stats.misses);
    },
  });
  new Gauge({
    name: 'parley_listing_cache_bytes',
    help: 'Bytes of serialised listings the cache holds.',
    registers,
    collect() {
      this.set(listingCacheStats(db).bytes);
    },
  });
  new Gauge({
    name: 'parley_sqlite_file_bytes',
    help: 'Size of the SQLite database file and of its write-ahead log.',
    labelNames: ['file'],
    registers,
    collect() {
      this.set({ file: 'db' }, fileSize(databasePath));
      this.set({ file: 'wal' }, fileSize(`${databasePath}-wal`));
    },
  });

  return {
    registry,
    app: {
      request({ method, route, status, seconds }) {
        const labels = { method, route, status: String(status) };
        requests.inc(labels);
        latency.observe(labels, seconds);
      },
      commentPosted(outcome) {
        posted.inc({ outcome });
      },
    },
    timedMailer(mailer) {
      return {
        ...mailer,
        async send(messages, batchKey) {
          const end = sendLatency.startTimer();
          try {
            const result = await mailer.send(messages, batchKey);
            end({ result: result.ok ? 'ok' : 'error' });
            return result;
          } catch (err) {
            end({ result: 'error' });
            throw err;
          }
        },
      };
    },
    backupDone(ok, at) {
      backups.inc({ result: ok ? 'ok' : 'failed' });
      if (ok) lastBackup.set(at / 1000);
    },
  };
}
