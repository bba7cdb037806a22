/**
 * Spam: settings, bot checks (form token, proof of work, honeypot), content checks and word lists, checkers, attack level.
 *
 * What other features may use; everything else in this folder is the feature's own. Its routes are
 * mounted by server/app.ts. (ARCHITECTURE.md: the layers and allowed directions.)
 */
export { challengeResponse } from './challenge.ts';
export { screenComment } from './screen-comment.ts';
export type { SpamChecker } from './spam-checker.ts';
export { limitRate, passBotChecks } from './spam-gate.ts';
export { spamSettingsSchema, type SpamSettings } from './spam-settings.ts';
export { matchWords } from './word-lists.ts';
