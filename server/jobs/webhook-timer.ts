import type { AppDb } from '../../db/client.ts';
import { type DeliveryReport, drainWebhooks, type WebhookTransport } from '../features/outgoing-webhooks/index.ts';

/**
 * Drains the webhook outbox every `intervalMs` in this process (the Node runtime; Workers use the
 * outbox's Cron Trigger). Drains never overlap: slow receivers delay the next run instead of doubling it.
 */
export function startWebhookTimer(
  db: AppDb,
  options: { transport: WebhookTransport; publicUrl: string; intervalMs: number; log: (msg: string, err?: unknown) => void; onReport?: (report: DeliveryReport) => void },
): () => Promise<void> {
  let running: Promise<unknown> | undefined;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = drainWebhooks(db, { ...options.transport, publicUrl: options.publicUrl, now: () => Date.now() })
      .then((report) => options.onReport?.(report))
      .catch((err: unknown) => options.log('webhook drain failed', err))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, options.intervalMs);
  tick();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
