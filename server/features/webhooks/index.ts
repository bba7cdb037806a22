/**
 * Webhooks: Resend's delivery events (bounces, complaints) into suppressions.
 *
 * Other features use nothing from here: its routes are mounted by server/app.ts and its services
 * called by the CLI. (ARCHITECTURE.md: the layers and allowed directions.)
 */
export {};
