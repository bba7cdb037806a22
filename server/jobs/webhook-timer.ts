import type { AppDb } from '../../db/client.ts';
import { type DeliveryReport, drainWebhooks, type WebhookTransport } from '../features/outgoing-webhooks/index.ts';
import { startIntervalJob } from '../interval-job.ts';

/**
 * Drains the webhook outbox every `intervalMs` in this process (the Node runtime; Workers use the
 * outbox's Cron Trigger). Drains never overlap: slow receivers delay the next run instead of doubling it.
 */
export function startWebhookTimer(
  db: AppDb,
  options: { transport: WebhookTransport; publicUrl: string; intervalMs: number; log: (msg: string, err?: unknown) => void; onReport?: (report: DeliveryReport) => void },
): () => Promise<void> {
  const drain = async () => options.onReport?.(await drainWebhooks(db, { ...options.transport, publicUrl: options.publicUrl, now: () => Date.now() }));
  return startIntervalJob(drain, options.intervalMs, (err) => options.log('webhook drain failed', err));
}
