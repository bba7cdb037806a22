import { Hono } from 'hono';
import { z } from 'zod';
import { IMPORT_SOURCES } from '../../../db/schema.ts';
import type { AppEnv } from '../../app-env.ts';
import { AppError } from '../../errors.ts';
import { parseQuery } from '../../http/validation.ts';
import { auditStatement } from '../../audit.ts';
import { requireOwner } from '../editors/index.ts';
import { requireSite, siteParam } from '../sites/index.ts';
import { ImportFileError } from './import-error.ts';
import { PAGE_KEY_MODES } from './import-model.ts';
import { totalComments } from './import-summary.ts';
import { runImport } from './run-import.ts';

/** The import upload's path under /api/v1/admin; app.ts exempts it from the 64 KB body limit. */
export const IMPORT_UPLOAD_PATH = '/api/v1/admin/imports';

/**
 * Largest export the upload takes: 512 MB. Far above the API's 64 KB, deliberately: the body
 * is never held, it is read as a stream and imported in batches as it arrives (like the CLI),
 * so this bounds only how long one request may run, not memory.
 */
export const MAX_IMPORT_BYTES = 512 * 1024 * 1024;

const uploadQuery = z.object({
  site: siteParam,
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

/**
 * `POST /api/v1/admin/imports?site=S&format=disqus|wordpress[&dryRun=true][&pageKey=path]`, the
 * body being the export file itself. Owners only. Answers the import's summary; a dry run
 * (the dashboard's preview) writes nothing.
 */
export function importRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post('/', requireOwner, async (c) => {
    const query = parseQuery(c, uploadQuery);
    const { db, now } = c.var.deps;
    await requireSite(db, query.site);
    const declared = Number(c.req.header('Content-Length'));
    if (Number.isFinite(declared) && declared > MAX_IMPORT_BYTES) {
      throw new AppError('payload_too_large', `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB. Import it with the command line (npm run parley -- import).`);
    }
    const body = c.req.raw.body;
    if (!body) throw new AppError('invalid_request', 'Send the export file as the request body.');
    const dryRun = query.dryRun === 'true';
    const file = query.filename?.replace(/[\u0000-\u001f\u007f]/g, '') || 'the uploaded file';
    try {
      const summary = await runImport({ db, siteId: query.site, source: query.format, file, bytes: limited(body, MAX_IMPORT_BYTES), dryRun, pageKey: query.pageKey, now: now() });
      if (!dryRun) {
        const editor = c.var.session.editor;
        await auditStatement(db, editor, { siteId: query.site, action: 'import', target: `${query.format}: ${file}`, reason: `${totalComments(summary)} comments imported, ${summary.alreadyImported} already there` }, now());
      }
      return c.json({ summary });
    } catch (err) {
      if (err instanceof ImportFileError) throw new AppError('invalid_request', `Cannot import ${err.message}`);
      throw err;
    }
  });
  return app;
}
