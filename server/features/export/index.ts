/**
 * Export: Parley's own export format, written and restored (the CLI's export, backup and import parley).
 *
 * Other features use nothing from here: its routes are mounted by server/app.ts and its services
 * called by the CLI. (ARCHITECTURE.md: the layers and allowed directions.)
 */
export {};
