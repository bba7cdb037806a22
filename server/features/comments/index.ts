/**
 * Comments: posting, listing, threads, counts, readers' edits, votes and deletions, and the static comments page.
 *
 * What other features may use; everything else in this folder is the feature's own. Its routes are
 * mounted by server/app.ts. (ARCHITECTURE.md: the layers and allowed directions.)
 */
export { erasedCommentColumns } from './own-comments.repo.ts';
