/**
 * The Cron Triggers in wrangler.toml (kept apart from worker.ts because a Worker module may
 * export only handlers). test/e2e/platform/worker-bundle.test.ts checks wrangler.toml lists both.
 */
/** The outbox drains every minute. */
export const OUTBOX_CRON = '* * * * *';
/** Spent form tokens and old rate-limit counters are swept once an hour. */
export const HOUSEKEEPING_CRON = '17 * * * *';
