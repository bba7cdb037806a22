/**
 * Prepares the Cloudflare deployment from the built widget and dashboard (`npm run build`):
 * dist/worker-assets holds the files Workers static assets serve, with a _headers file carrying
 * the same Cache-Control and CORS headers as the Node entry; dist/worker holds the bundled Worker
 * (`wrangler deploy --dry-run`), which proves it bundles without deploying anything.
 *
 *   npm run build:worker
 */
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { adminFileHeaders, framingHeaders, widgetFileHeaders } from '../http/asset-headers.ts';
import { ROOT, wrangler } from './wrangler.ts';

export const WORKER_ASSETS_DIR = resolve(ROOT, 'dist/worker-assets');
export const WORKER_BUNDLE_DIR = resolve(ROOT, 'dist/worker');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'));
}

function rule(path: string, headers: Record<string, string>): string {
  return [path, ...Object.entries(headers).map(([name, value]) => `  ${name}: ${value}`)].join('\n');
}

/** Copies dist/widget to the root and dist/admin under admin/, and writes their _headers. */
export function assembleWorkerAssets(): string {
  const widget = resolve(ROOT, 'dist/widget');
  const admin = resolve(ROOT, 'dist/admin');
  for (const dir of [widget, admin]) {
    if (!existsSync(dir)) throw new Error(`${relative(ROOT, dir)} is missing: run \`npm run build\` first.`);
  }
  rmSync(WORKER_ASSETS_DIR, { recursive: true, force: true });
  mkdirSync(WORKER_ASSETS_DIR, { recursive: true });
  cpSync(widget, WORKER_ASSETS_DIR, { recursive: true });
  cpSync(admin, join(WORKER_ASSETS_DIR, 'admin'), { recursive: true });
  const rules = [
    rule('/*', { 'X-Content-Type-Options': 'nosniff' }),
    rule('/admin/*', framingHeaders('/admin/')),
    ...filesUnder(widget).map((f) => rule(`/${f}`, widgetFileHeaders(`/${f}`))),
    ...filesUnder(admin).map((f) => rule(`/admin/${f}`, adminFileHeaders(`/admin/${f}`))),
  ];
  // Workers static assets read at most 100 rules; the widget and dashboard are a handful of files.
  if (rules.length > 100) throw new Error(`too many _headers rules (${rules.length}); use patterns`);
  writeFileSync(join(WORKER_ASSETS_DIR, '_headers'), `${rules.join('\n')}\n`);
  return WORKER_ASSETS_DIR;
}

/** Bundles the Worker as `wrangler deploy` would, into `outdir`, without contacting Cloudflare. */
export async function bundleWorker(outdir: string = WORKER_BUNDLE_DIR): Promise<string> {
  await wrangler(['deploy', '--dry-run', '--outdir', outdir]);
  return join(outdir, 'worker.js');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  assembleWorkerAssets();
  const bundle = await bundleWorker();
  console.log(`Worker bundled: ${relative(ROOT, bundle)}; assets in ${relative(ROOT, WORKER_ASSETS_DIR)}`);
}
