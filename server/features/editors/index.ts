/**
 * Editors: dashboard accounts, passwords, sessions, sign-in, and the guards of the admin API.
 *
 * What other features may use; everything else in this folder is the feature's own. Its routes are
 * mounted by server/app.ts. (ARCHITECTURE.md: the layers and allowed directions.)
 */
export { requireEditor, requireOwner, sameOriginWrites } from './admin-auth.ts';
export type { Session } from './sessions.ts';
