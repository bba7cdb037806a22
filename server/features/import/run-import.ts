import type { AppDb } from '../../../db/client.ts';
import type { ImportSource } from '../../../db/schema.ts';
import { checkDisqusRoot, disqusRules, readDisqusRecord } from './disqus-format.ts';
import type { FormatOptions, ImportItem, PageKeyMode } from './import-model.ts';
import { emptySummary, type ImportSummary } from './import-summary.ts';
import { ImportWriter } from './import-writer.ts';
import { checkWordPressRoot, itemPage, itemRef, readWordPressComment, siteScope, wordpressRules } from './wordpress-format.ts';
import { readXmlRecords, type RecordEvent, type RecordRules, type XmlNode } from './xml-records.ts';
import { xmlText } from './xml-text.ts';
import { gunzipIfNeeded } from './gunzip.ts';

export interface ImportRequest {
  db: AppDb;
  siteId: string;
  source: ImportSource;
  /** The file's name, for messages. */
  file: string;
  /** The file's bytes as they arrive (a file stream, or an upload's body). */
  bytes: AsyncIterable<Uint8Array>;
  dryRun: boolean;
  pageKey: PageKeyMode;
  now: number;
  /** Clock for the summary's duration. */
  clock?: () => number;
}

/** A reader for one export format: how to find its records and what each one becomes. */
interface Format {
  rules: RecordRules;
  /** Refuses a file that is not of this format; `empty` when it held no records at all. */
  checkRoot(root: XmlNode, file: string, empty?: boolean): void;
  items(event: RecordEvent, root: XmlNode, options: FormatOptions): Promise<ImportItem[]>;
}

function disqus(): Format {
  return {
    rules: disqusRules,
    checkRoot: checkDisqusRoot,
    items: async (event, _root, options) => [await readDisqusRecord(event.node, options)],
  };
}

function wordpress(): Format {
  // An item becomes a page when its first comment closes; by then its link and title have been
  // read (WordPress writes them first). The ref is fixed then, so all its comments agree on it.
  const refs = new WeakMap<XmlNode, string>();
  return {
    rules: wordpressRules,
    checkRoot: checkWordPressRoot,
    items: async (event, root, options) => {
      if (event.node.name !== 'wp:comment') return [];
      const item = event.within.at(-1)!;
      const out: ImportItem[] = [];
      let ref = refs.get(item);
      if (ref === undefined) {
        ref = itemRef(item);
        refs.set(item, ref);
        out.push(itemPage(item, options));
      }
      out.push(await readWordPressComment(event.node, ref, siteScope(root), options));
      return out;
    },
  };
}

/**
 * Imports one Disqus or WordPress export into a site, streaming: records are read, converted
 * and written in batches as the bytes arrive. A dry run does all of it but the writing.
 * @throws ImportFileError when the file is not a readable export of that kind; what was written
 *   before the fault stays, linked and counted, and a second run completes it without duplicates.
 */
export async function runImport(request: ImportRequest): Promise<ImportSummary> {
  const clock = request.clock ?? (() => Date.now());
  const started = clock();
  const summary = emptySummary(request.source, request.file, request.siteId, request.dryRun);
  const writer = new ImportWriter(request.db, { siteId: request.siteId, source: request.source, dryRun: request.dryRun, now: request.now }, summary);
  const format = request.source === 'disqus' ? disqus() : wordpress();
  const options: FormatOptions = { pageKey: request.pageKey, now: request.now, file: request.file };
  let rootChecked = false;
  try {
    const root = await readXmlRecords(xmlText(gunzipIfNeeded(request.bytes, request.file), request.file), request.file, format.rules, async (events, root) => {
      if (!rootChecked) format.checkRoot(root, request.file);
      rootChecked = true;
      for (const event of events) {
        for (const item of await format.items(event, root, options)) {
          if (item.kind === 'page') writer.page(item.page);
          else if (item.kind === 'page-skipped') writer.pageSkipped(item.ref, item.reason);
          else if (item.kind === 'skipped') writer.skip(item.reason);
          else await writer.comment(item.comment);
        }
      }
    });
    if (!rootChecked) format.checkRoot(root, request.file, true);
    await writer.finish();
  } catch (err) {
    // Keep what was written consistent (replies linked, counts right) before reporting.
    await writer.settle();
    throw err;
  }
  summary.ms = clock() - started;
  return summary;
}

/** Reads a file through to the end without importing: the check the CLI runs before writing. */
export async function checkImportFile(source: ImportSource, file: string, bytes: AsyncIterable<Uint8Array>): Promise<void> {
  const format = source === 'disqus' ? disqus() : wordpress();
  let checked = false;
  const root = await readXmlRecords(xmlText(gunzipIfNeeded(bytes, file), file), file, format.rules, async (_events, root) => {
    if (!checked) format.checkRoot(root, file, true);
    checked = true;
  });
  if (!checked) format.checkRoot(root, file, true);
}
