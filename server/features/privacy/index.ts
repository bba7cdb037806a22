/**
 * Privacy: a reader's export of their own data and the erasure of an address everywhere.
 *
 * Other features use nothing from here: its routes are mounted by server/app.ts and its services
 * called by the CLI. (ARCHITECTURE.md: the layers and allowed directions.)
 */
export {};
