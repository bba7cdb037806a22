/**
 * The move-out commands: export, import parley, backup, restore. main.ts dispatches to these.
 */
import { createReadStream, createWriteStream, existsSync, renameSync, rmSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { openSqlite } from '../../db/open-sqlite.ts';
import { parseConfig } from '../config.ts';
import { type ExportCounts, exportChunks } from '../features/export/write-export.ts';
import { ExportFileError, type RestoreReport, RestoreError, restoreExport } from '../features/export/restore-export.ts';
import { findSite } from '../features/sites/sites.repo.ts';
import { BackupError, backupDatabase, restoreDatabase } from './backup.ts';

/** Longest a restore holds the write lock at a time, and the pause it leaves others after. */
const IMPORT_TRANSACTION_MS = 200;
const IMPORT_PAUSE_MS = 50;

/** A mistake the operator can fix; main.ts prints it without a stack trace. */
export class CommandError extends Error {}

export const EXPORT_HELP = `  export                  Write a site (or everything) to one JSON file (README "Export file format").
           --site SITE        only this site (default: every site)
           --out FILE         where to write (required; - for standard output)
  import parley FILE      Restore a Parley export into this database (checked whole on a copy first;
                          then written in short transactions while the server runs).
           --site SITE        only this site from the file
           --dry-run          check and count, write nothing
  backup PATH             Copy the database to PATH while the server runs (consistent snapshot).
  restore PATH            Replace the database with a backup. Stop the server first.
`;

export async function exportCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { site: { type: 'string' }, out: { type: 'string' } }, strict: true });
  if (!values.out) throw new CommandError('export needs --out FILE (or --out - for standard output)');
  const config = parseConfig(process.env);
  const { db, close } = openSqlite(config.databasePath);
  const counts: ExportCounts = {};
  const toStdout = values.out === '-';
  const partial = `${values.out}.partial-${process.pid}`;
  try {
    if (values.site !== undefined && !(await findSite(db, values.site))) throw new CommandError(`there is no site "${values.site}" in ${config.databasePath}`);
    if (!toStdout && existsSync(values.out)) throw new CommandError(`${values.out} already exists; choose a new file name`);
    const started = performance.now();
    const source = Readable.from(exportChunks(db, { siteId: values.site, now: Date.now() }, counts));
    if (toStdout) await pipeline(source, process.stdout, { end: false });
    else {
      await pipeline(source, createWriteStream(partial));
      renameSync(partial, values.out);
    }
    const summary = Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(', ');
    console.error(`Exported ${values.site ? `site ${values.site}` : 'every site'} in ${Math.round(performance.now() - started)} ms: ${summary}.`);
  } finally {
    if (!toStdout) rmSync(partial, { force: true });
    close();
  }
}

async function importParley(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, options: { site: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } }, allowPositionals: true, strict: true });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new CommandError('import parley needs one FILE (a Parley export)');
  if (!existsSync(file)) throw new CommandError(`there is no file ${file}`);
  const dryRun = values['dry-run'];
  const config = parseConfig(process.env);
  const fail = (err: unknown, when = '') => {
    if (err instanceof RestoreError || err instanceof ExportFileError) return new CommandError(`${file}: ${err.message}${when}`);
    return err;
  };
  // First, all of it in one transaction on a snapshot copy of the database: a bad file, or one
  // that clashes with what is there, is refused without the live database being touched, and a
  // dry run never takes its write lock. VACUUM INTO reads one snapshot; writers carry on meanwhile.
  const check = `${config.databasePath}.import-check-${process.pid}`;
  const removeCheck = () => {
    for (const suffix of ['', '-wal', '-shm']) rmSync(check + suffix, { force: true });
  };
  let report: RestoreReport;
  {
    const live = openSqlite(config.databasePath);
    try {
      removeCheck();
      live.sqlite.prepare('VACUUM INTO ?').run(check);
    } finally {
      live.close();
    }
    const copy = openSqlite(check);
    try {
      copy.sqlite.exec('BEGIN IMMEDIATE');
      report = await restoreExport(copy.db, createReadStream(file, { encoding: 'utf8' }), { siteId: values.site });
      copy.sqlite.exec('ROLLBACK');
    } catch (err) {
      throw fail(err);
    } finally {
      copy.close();
      removeCheck();
    }
  }
  if (!dryRun) {
    // Then for real, in transactions of at most IMPORT_TRANSACTION_MS with a pause between: the
    // running server's writes get the lock in the gaps instead of waiting (and answering 503
    // busy) for the whole file.
    const { db, sqlite, close } = openSqlite(config.databasePath);
    try {
      let since = performance.now();
      sqlite.exec('BEGIN IMMEDIATE');
      const afterBatch = async () => {
        if (performance.now() - since < IMPORT_TRANSACTION_MS) return;
        sqlite.exec('COMMIT');
        await new Promise((r) => setTimeout(r, IMPORT_PAUSE_MS));
        sqlite.exec('BEGIN IMMEDIATE');
        since = performance.now();
      };
      report = await restoreExport(db, createReadStream(file, { encoding: 'utf8' }), { siteId: values.site, afterBatch });
      sqlite.exec('COMMIT');
    } catch (err) {
      if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
      // It restored cleanly into a copy moments before, so only a write made meanwhile can clash.
      throw fail(err, ' (it was checked on a copy first, so something written meanwhile clashed; part of the file may be restored: restore a backup, or remove the site and run the import again)');
    } finally {
      close();
    }
  }
  const summary = Object.entries(report.restored).map(([k, n]) => `${n} ${k}`).join(', ') || 'nothing';
  console.log(`${dryRun ? 'Dry run, nothing written. Would restore' : 'Restored'}: ${summary}.`);
  if (report.skippedOtherSites) console.log(`Skipped ${report.skippedOtherSites} records of other sites.`);
  if (report.editorsKept) console.log(`${report.editorsKept} editors already existed and were kept as they are.`);
  if (report.ignoredSections.length) console.log(`Ignored sections this version does not know: ${report.ignoredSections.join(', ')}.`);
  if (!dryRun && report.restored['editors']) console.log('Restored editors have no password: set one with `npm run parley -- editor reset-password --email EMAIL`.');
}

/** `import KIND FILE`: the Parley kind lives here; the Disqus and WordPress kinds in the importers. */
export async function importCommand(args: string[]): Promise<void> {
  const [kind, ...rest] = args;
  if (kind === 'parley') return importParley(rest);
  throw new CommandError('import needs a kind: parley (a Parley export), disqus or wordpress');
}

export async function backupCommand(args: string[]): Promise<void> {
  const { positionals } = parseArgs({ args, options: {}, allowPositionals: true, strict: true });
  if (positionals.length !== 1) throw new CommandError('backup needs one PATH to write the copy to');
  const config = parseConfig(process.env);
  try {
    const done = backupDatabase(config.databasePath, positionals[0]!);
    console.log(`Backed up ${config.databasePath} to ${done.path} (${(done.bytes / 1024 / 1024).toFixed(1)} MB) in ${done.ms} ms; integrity check ok.`);
  } catch (err) {
    if (err instanceof BackupError) throw new CommandError(err.message);
    throw err;
  }
}

export async function restoreCommand(args: string[]): Promise<void> {
  const { positionals } = parseArgs({ args, options: {}, allowPositionals: true, strict: true });
  if (positionals.length !== 1) throw new CommandError('restore needs one PATH, a backup made by `parley backup`');
  const config = parseConfig(process.env);
  try {
    const done = restoreDatabase(positionals[0]!, config.databasePath, Date.now());
    console.log(`Restored ${positionals[0]} to ${config.databasePath}.${done.previous ? ` The database it replaced is kept at ${done.previous}.` : ''} Start the server again.`);
  } catch (err) {
    if (err instanceof BackupError) throw new CommandError(err.message);
    throw err;
  }
}
