/**
 * Limits: counters in the database behind rate limits, sign-in lockouts and spent one-time tokens.
 *
 * What other features may use; everything else in this folder is the feature's own. Its routes are
 * mounted by server/app.ts. (ARCHITECTURE.md: the layers and allowed directions.)
 */
export { claimAttempt, discountAttempt, type AttemptPolicy } from './attempts.ts';
export { blockedUntil, increment, resetCounter } from './counters.ts';
export { purgeExpiredLimits } from './housekeeping.ts';
export { consume, dailyIpKey, enforce, waitText, type LimitCheck } from './rate-limits.ts';
export { spendOnce } from './spent-tokens.ts';
