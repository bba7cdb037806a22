/**
 * What a Parley export file holds, table by table. README "Export file format" documents the same
 * thing for people; this module is what the writer and the reader both follow.
 *
 * Every table of db/schema.ts is either a section here or named in {@link LEFT_OUT} with the
 * reason; test/api/export/export.test.ts fails when a table is added and nobody decided.
 */
import { getTableColumns, getTableName } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { auditLog, bans, broadcasts, comments, editors, flags, identities, importedComments, pages, sites, subscribers, subscriptions, suppressions, votes } from '../../../db/schema.ts';

export const EXPORT_FORMAT = 'parley-export';
/**
 * Raised when a field is removed or changes meaning. Adding a field or a section keeps the
 * version (readers ignore what they do not know); see README "Version policy".
 */
export const EXPORT_VERSION = 1;

/** Which rows of a section belong to one site's export. */
export type SiteScope =
  | { by: 'column'; column: string }
  /** Rows hang off another section's rows (votes off comments); `via` is the linking column. */
  | { by: 'parent'; via: string; parent: 'comments' | 'subscribers' }
  /** Not per site: a site export carries all of them (editors) or those its people need. */
  | { by: 'everything' }
  | { by: 'emails-of-site' };

export interface Section {
  /** The key in the file. */
  name: string;
  table: SQLiteTable;
  /** Sort order, a unique key, so the same data always exports to the same bytes. */
  orderBy: string[];
  /** Columns stored as JSON text, written as JSON values. */
  json?: string[];
  /** Columns never exported, and why (the README says the same). */
  omit?: Record<string, string>;
  scope: SiteScope;
}

/**
 * The sections in the order they are written and must be read: every row comes after the rows it
 * refers to, so a restore inserts each record as it arrives with foreign keys on.
 */
export const SECTIONS: readonly Section[] = [
  {
    name: 'sites',
    table: sites,
    orderBy: ['id'],
    json: ['allowedOrigins', 'settings'],
    omit: { ssoSecret: 'a credential shared with the publisher; set it again on the new installation' },
    scope: { by: 'column', column: 'id' },
  },
  {
    name: 'editors',
    table: editors,
    orderBy: ['id'],
    omit: { passwordHash: 'a password hash is a credential; restored editors set a new password' },
    scope: { by: 'everything' },
  },
  { name: 'pages', table: pages, orderBy: ['id'], scope: { by: 'column', column: 'siteId' } },
  { name: 'identities', table: identities, orderBy: ['id'], scope: { by: 'column', column: 'siteId' } },
  {
    name: 'comments',
    table: comments,
    orderBy: ['id'],
    json: ['spamReasons', 'heldReasons'],
    omit: { editTokenHash: "a credential of the comment's author; their edit window is short and ends with the move" },
    scope: { by: 'column', column: 'siteId' },
  },
  // Where imported comments came from: keeps a later re-import of the same Disqus or WordPress file from duplicating them.
  { name: 'importedComments', table: importedComments, orderBy: ['siteId', 'source', 'externalId'], scope: { by: 'column', column: 'siteId' } },
  { name: 'votes', table: votes, orderBy: ['commentId', 'voterKey'], scope: { by: 'parent', via: 'commentId', parent: 'comments' } },
  { name: 'flags', table: flags, orderBy: ['id'], scope: { by: 'parent', via: 'commentId', parent: 'comments' } },
  { name: 'bans', table: bans, orderBy: ['id'], scope: { by: 'column', column: 'siteId' } },
  { name: 'auditLog', table: auditLog, orderBy: ['id'], scope: { by: 'column', column: 'siteId' } },
  { name: 'subscribers', table: subscribers, orderBy: ['id'], scope: { by: 'column', column: 'siteId' } },
  { name: 'subscriptions', table: subscriptions, orderBy: ['id'], scope: { by: 'parent', via: 'subscriberId', parent: 'subscribers' } },
  { name: 'suppressions', table: suppressions, orderBy: ['email'], scope: { by: 'emails-of-site' } },
  { name: 'broadcasts', table: broadcasts, orderBy: ['id'], scope: { by: 'column', column: 'siteId' } },
];

/** Tables deliberately not exported (by SQL name), and why. */
export const LEFT_OUT: Readonly<Record<string, string>> = {
  instance: 'holds the installation secret; a restored installation keeps its own (or PARLEY_SECRET)',
  editor_sessions: 'sign-ins end with the move; editors sign in again',
  rate_limits: 'short-lived counters that rebuild themselves',
  spent_tokens: 'single-use proofs that expire within hours',
  import_pending: 'posts parked only while one import runs',
  reader_sessions: "readers' sign-ins end with the move; they sign in again",
  magic_links: 'single-use sign-in links that expire within 15 minutes',
  editor_alerts: "editors' email alert choices; each editor opts in again on the new installation",
  alert_digest_comments: 'which comments each queue digest in the mail queue quoted; goes with the mail queue, which is left out too',
  outbox: 'the mail queue and delivery log: rendered emails with personal links; queued mail is not re-sent by a restore',
  webhook_endpoints: 'receiver URLs with their signing secrets (credentials); owners register them again on the new installation',
  webhook_deliveries: 'the webhook queue and delivery log; queued events are not re-sent by a restore',
  stats_counters: "the overview's rollups: the restored rows rebuild them (their triggers, or `parley stats rebuild`)",
  email_events: "what happened to each sent message, kept with the mail queue's delivery log, which is left out too",
};

/** Placeholder stored for an imported editor: matches no password, so they must set one. */
export const NO_PASSWORD = 'imported$no-password';

export function columnsOf(section: Section): Record<string, SQLiteColumn> {
  const all = getTableColumns(section.table) as Record<string, SQLiteColumn>;
  const out: Record<string, SQLiteColumn> = {};
  for (const [key, column] of Object.entries(all)) if (!section.omit?.[key]) out[key] = column;
  return out;
}

/** Times are integer milliseconds in the database and ISO 8601 UTC strings in the file. */
export function isTimeField(field: string): boolean {
  return field.endsWith('At');
}

export function sectionByName(name: string): Section | undefined {
  return SECTIONS.find((s) => s.name === name);
}

export function tableNameOf(section: Section): string {
  return getTableName(section.table);
}
