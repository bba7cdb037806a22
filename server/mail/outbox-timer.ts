import type { AppDb } from '../../db/client.ts';
import type { Mailer } from './mailer.ts';
import { drainOutbox } from './outbox.ts';

/**
 * Drains the outbox every `intervalMs` in this process (the Node runtime; Workers use a Cron
 * Trigger). Drains never overlap: a slow provider delays the next run instead of doubling it.
 */
export function startOutboxTimer(db: AppDb, options: { mailer: Mailer; from: string; intervalMs: number; log: (msg: string, err?: unknown) => void }): () => Promise<void> {
  let running: Promise<unknown> | undefined;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = drainOutbox(db, { mailer: options.mailer, from: options.from, now: () => Date.now() })
      .catch((err: unknown) => options.log('outbox drain failed', err))
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
