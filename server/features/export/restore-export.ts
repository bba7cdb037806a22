import { eq, inArray, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { AppDb } from '../../../db/client.ts';
import { editors, pages, sites } from '../../../db/schema.ts';
import { columnsOf, EXPORT_FORMAT, EXPORT_VERSION, isTimeField, NO_PASSWORD, type Section, SECTIONS, sectionByName } from './export-format.ts';
import { ExportFileError, readExport } from './read-export.ts';

/** D1 binds at most 100 parameters per statement; every insert stays under that on both drivers. */
const MAX_PARAMS = 100;

/** Columns that name an editor; remapped when an editor with the same email already exists. */
const EDITOR_REFS: Record<string, string> = { bans: 'createdBy', auditLog: 'editorId', broadcasts: 'createdBy' };

export class RestoreError extends Error {}

export interface RestoreOptions {
  /** Restore only this site (and what hangs off it) from a file that may hold several. */
  siteId?: string | undefined;
  /**
   * Called after each batch of records is written: the CLI commits there now and then, so a big
   * file never holds the database's write lock for long (server/cli/export-commands.ts).
   */
  afterBatch?: () => Promise<void>;
}

export interface RestoreReport {
  /** Records written per section. */
  restored: Record<string, number>;
  /** Editors already present (matched by email), kept as they are. */
  editorsKept: number;
  /** Records of other sites, when restoring one site. */
  skippedOtherSites: number;
  /** Sections this version does not know (written by a newer Parley); ignored. */
  ignoredSections: string[];
}

/** A file value as the database stores it, or a clear error naming the record and field. */
function toColumnValue(section: Section, key: string, column: SQLiteColumn, value: unknown, where: string): unknown {
  if (value === undefined) return undefined; // absent: the column's default (or NOT NULL fails)
  if (value === null) return null;
  const bad = (expected: string) => new RestoreError(`${where}: field ${key} should be ${expected}, got ${JSON.stringify(value).slice(0, 60)}`);
  if (section.json?.includes(key)) return JSON.stringify(value);
  if (isTimeField(key)) {
    const ms = typeof value === 'string' ? Date.parse(value) : NaN;
    if (!Number.isFinite(ms)) throw bad('an ISO 8601 time');
    return ms;
  }
  switch (column.dataType) {
    case 'string': {
      if (typeof value !== 'string') throw bad('a string');
      const allowed = (column as unknown as { enumValues?: string[] }).enumValues;
      if (allowed && allowed.length > 0 && !allowed.includes(value)) throw bad(`one of ${allowed.join(', ')}`);
      return value;
    }
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw bad('a number');
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw bad('true or false');
      return value;
    default:
      return value;
  }
}

/**
 * Restores an export into the database: into an empty one it reproduces the exported data
 * exactly (README lists what an export leaves out). Refuses a file of another format or version,
 * and a site that already exists, before writing anything of it.
 *
 * Not atomic by itself (a big file is many statements): the CLI first runs it inside one
 * transaction on a copy of the database (the check, and all of --dry-run), then for real in
 * short transactions (`afterBatch`).
 */
export async function restoreExport(db: AppDb, chunks: AsyncIterable<string>, options: RestoreOptions = {}): Promise<RestoreReport> {
  const report: RestoreReport = { restored: {}, editorsKept: 0, skippedOtherSites: 0, ignoredSections: [] };
  const only = options.siteId;
  const kept = { comments: new Set<string>(), subscribers: new Set<string>(), emails: new Set<string>() };
  const editorIds = new Map<string, string | null>();
  // Inserting comments bumps their page's version (a trigger); the exported values are put back last.
  const pageTotals = new Map<string, { version: number; commentCount: number }>();
  let fields = 0;
  let sectionAt = -1;
  let pending: { section: Section; rows: Record<string, unknown>[]; perStatement: number } | undefined;

  // A full batch of a section is always the same statement: built and compiled once, then only
  // its parameters change (building and compiling each insert cost more than running it).
  const prepared = new Map<string, { run(values: Record<string, unknown>): unknown }>();
  const insertRows = async (section: Section, rows: Record<string, unknown>[]) => {
    const keys = Object.keys(rows[0]!);
    // A record without some field (an older file) gets the column default: only a plain insert does that.
    if (rows.some((row) => keys.some((k) => row[k] === undefined))) {
      await db.insert(section.table).values(rows as never[]);
      return;
    }
    const name = `${section.name}:${rows.length}`;
    let statement = prepared.get(name);
    if (!statement) {
      const values = rows.map((_, i) => Object.fromEntries(keys.map((k) => [k, sql.placeholder(`${k}_${i}`)])));
      statement = db.insert(section.table).values(values as never[]).prepare() as unknown as { run(values: Record<string, unknown>): unknown };
      prepared.set(name, statement);
    }
    const params: Record<string, unknown> = {};
    rows.forEach((row, i) => {
      for (const k of keys) {
        const v = row[k];
        params[`${k}_${i}`] = typeof v === 'boolean' ? (v ? 1 : 0) : v;
      }
    });
    await statement.run(params);
  };

  const flush = async () => {
    if (!pending || pending.rows.length === 0) return;
    const { section, rows } = pending;
    pending.rows = [];
    if (section.name === 'editors') {
      // An editor who already exists (same email) keeps their account; references follow them.
      await db.insert(editors).values(rows as (typeof editors.$inferInsert)[]).onConflictDoNothing();
      const found = await db.select({ id: editors.id, email: editors.email }).from(editors).where(inArray(editors.email, rows.map((r) => r['email'] as string))).all();
      const byEmail = new Map(found.map((f) => [f.email, f.id]));
      for (const row of rows) {
        const id = byEmail.get(row['email'] as string) ?? null;
        if (id !== row['id']) report.editorsKept++;
        editorIds.set(row['id'] as string, id);
      }
      return;
    }
    try {
      await insertRows(section, rows);
    } catch (err) {
      throw new RestoreError(`could not restore ${section.name} (records from id ${JSON.stringify(rows[0]?.[section.orderBy[0]!])}): ${(err as Error).message}`);
    }
    await options.afterBatch?.();
  };

  for await (const item of readExport(chunks)) {
    if (item.kind === 'field') {
      fields++;
      if (fields === 1 && (item.key !== 'format' || item.value !== EXPORT_FORMAT)) {
        throw new RestoreError(`this is not a Parley export: its first field should be "format": "${EXPORT_FORMAT}"`);
      }
      if (fields === 2) {
        if (item.key !== 'version') throw new RestoreError('the export has no "version" after "format"');
        if (item.value !== EXPORT_VERSION) {
          throw new RestoreError(`this is a version ${JSON.stringify(item.value)} Parley export; this Parley reads version ${EXPORT_VERSION} only. Export again with a matching Parley, or upgrade.`);
        }
      }
      continue;
    }
    if (fields < 2) throw new RestoreError('this is not a Parley export: it must start with "format" and "version"');
    const section = sectionByName(item.section);
    if (!section) {
      if (!report.ignoredSections.includes(item.section)) report.ignoredSections.push(item.section);
      continue;
    }
    const at = SECTIONS.indexOf(section);
    if (at < sectionAt) throw new RestoreError(`section ${section.name} comes after ${SECTIONS[sectionAt]!.name}; sections must be in the documented order`);
    if (at !== sectionAt) {
      await flush();
      sectionAt = at;
      const width = Object.keys(columnsOf(section)).length + (section.name === 'editors' ? 1 : 0);
      pending = { section, rows: [], perStatement: Math.max(1, Math.floor(MAX_PARAMS / width)) };
    }
    const record = item.record;
    const n = (report.restored[section.name] ?? 0) + 1;
    const where = `${section.name} record ${n}`;
    if (typeof record !== 'object' || record === null || Array.isArray(record)) throw new RestoreError(`${where} is not an object`);
    const r = record as Record<string, unknown>;

    // One site out of several: keep only its rows and what hangs off them.
    if (only !== undefined) {
      const scope = section.scope;
      const keep =
        scope.by === 'column' ? r[scope.column] === only
        : scope.by === 'parent' ? kept[scope.parent].has(r[scope.via] as string)
        : scope.by === 'emails-of-site' ? kept.emails.has(r['email'] as string)
        : true;
      if (!keep) {
        report.skippedOtherSites++;
        continue;
      }
    }

    const row: Record<string, unknown> = {};
    for (const [key, column] of Object.entries(columnsOf(section))) row[key] = toColumnValue(section, key, column, r[key], where);
    if (section.name === 'sites') {
      if (await db.select({ id: sites.id }).from(sites).where(eq(sites.id, row['id'] as string)).get()) {
        throw new RestoreError(`site "${String(row['id'])}" already exists in this database; restore into a new database, or with --site pick a site it does not have`);
      }
    }
    if (section.name === 'editors') row['passwordHash'] = NO_PASSWORD;
    const ref = EDITOR_REFS[section.name];
    if (ref && typeof row[ref] === 'string') {
      // Written after editors, so every exported editor is known by now; one missing from the
      // file is dropped from the reference (the audit log keeps the editor's email).
      row[ref] = editorIds.get(row[ref]) ?? null;
    }
    if (section.name === 'pages') {
      pageTotals.set(row['id'] as string, { version: Number(row['version'] ?? 0), commentCount: Number(row['commentCount'] ?? 0) });
    }
    if (section.name === 'comments') {
      kept.comments.add(row['id'] as string);
      if (typeof row['authorEmail'] === 'string') kept.emails.add(row['authorEmail']);
    }
    if (section.name === 'subscribers') {
      kept.subscribers.add(row['id'] as string);
      kept.emails.add(row['email'] as string);
    }
    pending!.rows.push(row);
    report.restored[section.name] = n;
    if (pending!.rows.length >= pending!.perStatement) await flush();
  }
  await flush();
  if (fields < 2) throw new RestoreError('this is not a Parley export: it has no "format" and "version"');
  for (const [id, totals] of pageTotals) await db.update(pages).set(totals).where(eq(pages.id, id));
  return report;
}

export { ExportFileError };
