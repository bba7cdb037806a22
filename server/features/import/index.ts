/**
 * Import: Disqus and WordPress exports read into sites, pages and comments.
 *
 * Other features use nothing from here: its routes are mounted by server/app.ts and its services
 * called by the CLI. (ARCHITECTURE.md: the layers and allowed directions.)
 */
export {};
