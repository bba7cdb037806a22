/**
 * `npm run parley -- import disqus|wordpress FILE --site S [--dry-run] [--page-key MODE]`:
 * reads an export from disk as a stream and imports it (see server/features/import).
 */
import { createReadStream } from 'node:fs';
import { access, constants } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { openSqlite } from '../../db/open-sqlite.ts';
import { IMPORT_SOURCES, type ImportSource } from '../../db/schema.ts';
import { parseConfig } from '../config.ts';
import { ImportFileError } from '../features/import/import-error.ts';
import { PAGE_KEY_MODES, type PageKeyMode } from '../features/import/import-model.ts';
import { formatSummary } from '../features/import/import-summary.ts';
import { checkImportFile, runImport } from '../features/import/run-import.ts';
import { findSite } from '../features/sites/sites.repo.ts';

export const IMPORT_HELP = `  import disqus|wordpress FILE   Import comments from a Disqus XML or WordPress WXR export.
           --site SITE        the site to import into (required)
           --dry-run          read the whole file and print what would be imported; write nothing
           --page-key MODE    path (default: the link's path and query), url (the whole link),
                              or identifier (Disqus thread <id>, else the path)
           Importing the same file again adds nothing twice.`;

/** A problem the operator can fix, printed as one line without a stack trace. */
export class CliProblem extends Error {}

/** A file of the source format, read in 1 MB chunks. */
const chunks = (file: string) => createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Uint8Array>;

export async function importCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: { site: { type: 'string' }, 'dry-run': { type: 'boolean', default: false }, 'page-key': { type: 'string', default: 'path' } },
    allowPositionals: true,
    strict: true,
  });
  const [source, file, ...extra] = positionals;
  if (!source || !(IMPORT_SOURCES as readonly string[]).includes(source)) throw new CliProblem('import needs a format: disqus or wordpress (import disqus FILE --site SITE)');
  if (!file || extra.length > 0) throw new CliProblem(`import ${source} needs exactly one FILE`);
  if (!values.site) throw new CliProblem(`import needs --site SITE`);
  const pageKey = values['page-key'];
  if (!(PAGE_KEY_MODES as readonly string[]).includes(pageKey)) throw new CliProblem(`--page-key must be path, url or identifier, got "${pageKey}"`);
  try {
    await access(file, constants.R_OK);
  } catch {
    throw new CliProblem(`cannot read ${file}: no such file, or not readable`);
  }

  const config = parseConfig(process.env);
  const { db, close } = openSqlite(config.databasePath);
  try {
    if (!(await findSite(db, values.site))) throw new CliProblem(`there is no site "${values.site}" in ${config.databasePath}`);
    const dryRun = values['dry-run'];
    // Read the whole file once before writing anything, so a file broken half-way through
    // is refused rather than half imported. A dry run reads it fully anyway.
    if (!dryRun) await checkImportFile(source as ImportSource, file, chunks(file));
    const summary = await runImport({
      db,
      siteId: values.site,
      source: source as ImportSource,
      file,
      bytes: chunks(file),
      dryRun,
      pageKey: pageKey as PageKeyMode,
      now: Date.now(),
    });
    console.log(formatSummary(summary));
  } catch (err) {
    if (err instanceof ImportFileError) throw new CliProblem(`cannot import ${err.message}`);
    throw err;
  } finally {
    close();
  }
}
