/**
 * Stats: the overview's rollups (kept by database triggers), their rebuild from the base tables,
 * and the admin API that reads them.
 *
 * What other parts may use; everything else in this folder is the feature's own. Its routes are
 * mounted by server/admin-api.ts. (ARCHITECTURE.md: the layers and allowed directions.)
 */
export { backfillStats, rebuildStats } from './rebuild.ts';
export { countRefusedAtDoor } from './door.repo.ts';
