/**
 * Runs `job` now and every `intervalMs` in this process (the Node runtime's timers; Workers use
 * Cron Triggers). Runs never overlap: a slow run delays the next instead of doubling it. The
 * answer stops the timer and waits for a run under way.
 */
export function startIntervalJob(job: () => Promise<unknown>, intervalMs: number, onError: (err: unknown) => void): () => Promise<void> {
  let running: Promise<unknown> | undefined;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = job()
      .catch(onError)
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, intervalMs);
  tick();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
