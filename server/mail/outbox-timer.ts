import type { AppDb } from '../../db/client.ts';
import { startIntervalJob } from '../interval-job.ts';
import type { Mailer } from './mailer.ts';
import { drainOutbox } from './outbox.ts';

/**
 * Drains the outbox every `intervalMs` in this process (the Node runtime; Workers use a Cron
 * Trigger). Drains never overlap: a slow provider delays the next run instead of doubling it.
 */
export function startOutboxTimer(db: AppDb, options: { mailer: Mailer; from: string; intervalMs: number; log: (msg: string, err?: unknown) => void }): () => Promise<void> {
  return startIntervalJob(() => drainOutbox(db, { mailer: options.mailer, from: options.from, now: () => Date.now() }), options.intervalMs, (err) => options.log('outbox drain failed', err));
}
