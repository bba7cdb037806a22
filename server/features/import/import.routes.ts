import { Hono } from 'hono';
import { createFactory } from 'hono/factory';
import { z } from 'zod';
import { IMPORT_SOURCES } from '../../../db/schema.ts';
import type { AppEnv } from '../../app-env.ts';
import { AppError } from '../../errors.ts';
import { queryOf } from '../../http/typed-validators.ts';
import { auditStatement } from '../../audit.ts';
import { requireOwner } from '../editors/index.ts';
import { adminSiteFromQuery } from '../sites/index.ts';
import { ImportFileError } from './import-error.ts';
import { PAGE_KEY_MODES } from './import-model.ts';
import { totalComments } from './import-summary.ts';
import { runImport } from './run-import.ts';

/**
 * Whether a path is the import upload (`/api/v1/admin/sites/:site/imports`, or its old
 * `/api/v1/admin/imports`); app.ts exempts it from the 64 KB body limit.
 */
export function isImportUpload(path: string): boolean {
  return path === '/api/v1/admin/imports' || /^\/api\/v1\/admin\/sites\/[^/]+\/imports$/.test(path);
}

/**
 * Largest export the upload takes: 512 MB. Far above the API's 64 KB, deliberately: the body
 * is never held, it is read as a stream and imported in batches as it arrives (like the CLI),
 * so this bounds only how long one request may run, not memory.
 */
export const MAX_IMPORT_BYTES = 512 * 1024 * 1024;

const uploadQuery = z.object({
  format: z.enum(IMPORT_SOURCES, { error: 'Format must be disqus or wordpress.' }),
  dryRun: z.enum(['true', 'false'], { error: 'dryRun must be true or false.' }).default('false'),
  pageKey: z.enum(PAGE_KEY_MODES, { error: 'pageKey must be path, url or identifier.' }).default('path'),
  /** The uploaded file's name, for messages. */
  filename: z.string().max(200).optional(),
});

/** The request body's bytes, refusing (413) once more than `max` have come. */
async function* limited(body: ReadableStream<Uint8Array>, max: number): AsyncGenerator<Uint8Array> {
  let seen = 0;
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      seen += value.byteLength;
      if (seen > max) throw new AppError('payload_too_large', `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB. Import it with the command line (npm run parley -- import).`);
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

const factory = createFactory<AppEnv>();

const uploadHandlers = factory.createHandlers(requireOwner, queryOf(uploadQuery), async (c) => {
  const query = c.req.valid('query');
  const { db, now } = c.var.deps;
  const siteId = c.var.site.id;
  const declared = Number(c.req.header('Content-Length'));
  if (Number.isFinite(declared) && declared > MAX_IMPORT_BYTES) {
    throw new AppError('payload_too_large', `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB. Import it with the command line (npm run parley -- import).`);
  }
  const body = c.req.raw.body;
  if (!body) throw new AppError('invalid_request', 'Send the export file as the request body.');
  const dryRun = query.dryRun === 'true';
  const file = query.filename?.replace(/[\u0000-\u001f\u007f]/g, '') || 'the uploaded file';
  try {
    const summary = await runImport({ db, siteId, source: query.format, file, bytes: limited(body, MAX_IMPORT_BYTES), dryRun, pageKey: query.pageKey, now: now() });
    if (!dryRun) {
      const editor = c.var.session.editor;
      await auditStatement(db, editor, { siteId, action: 'import', target: `${query.format}: ${file}`, reason: `${totalComments(summary)} comments imported, ${summary.alreadyImported} already there` }, now());
    }
    return c.json({ summary });
  } catch (err) {
    if (err instanceof ImportFileError) throw new AppError('invalid_request', `Cannot import ${err.message}`);
    throw err;
  }
});

/**
 * `POST /api/v1/admin/sites/:site/imports?format=disqus|wordpress[&dryRun=true][&pageKey=path]`,
 * the body being the export file itself. Owners only. Answers the import's summary; a dry run
 * (the dashboard's preview) writes nothing. Mounted under /sites/:site (the site loader has put
 * the site on the context).
 */
export function importRoutes() {
  return new Hono<AppEnv>().post('/imports', ...uploadHandlers);
}

/** The upload's old path, `POST /api/v1/admin/imports?site=S&…`: an alias for one release. Remove in 0.3. */
export function legacyImportRoutes() {
  return new Hono<AppEnv>().post('/imports', requireOwner, adminSiteFromQuery, ...uploadHandlers);
}
