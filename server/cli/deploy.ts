/**
 * `npm run deploy`: builds the widget, dashboard and Worker, applies db/migrations to the remote D1
 * database, then deploys. Migrations go first so the new code never meets an old schema; they only
 * add to it, so the Worker still running until the deploy completes keeps working.
 *
 * Needs `npx wrangler login` (or CLOUDFLARE_API_TOKEN) and the database id in wrangler.toml; see
 * README "Deploy to Cloudflare".
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildAdmin } from '../../admin/build.ts';
import { buildWidget } from '../../widget/build.ts';
import { assembleWorkerAssets } from './build-worker.ts';
import { ROOT, wrangler } from './wrangler.ts';

const PLACEHOLDER_ID = '00000000-0000-0000-0000-000000000000';

async function main(): Promise<void> {
  if (readFileSync(resolve(ROOT, 'wrangler.toml'), 'utf8').includes(PLACEHOLDER_ID)) {
    throw new Error('wrangler.toml still has the placeholder database_id: run `npx wrangler d1 create parley` and put the id it prints there.');
  }
  await buildWidget({ outdir: resolve(ROOT, 'dist/widget'), minify: true });
  await buildAdmin({ outdir: resolve(ROOT, 'dist/admin'), minify: true });
  assembleWorkerAssets();
  // The caller's own environment: these commands are meant to reach Cloudflare.
  await wrangler(['d1', 'migrations', 'apply', 'DB', '--remote'], { env: process.env, inherit: true });
  await wrangler(['deploy'], { env: process.env, inherit: true });
}

main().catch((err: unknown) => {
  console.error('[parley] deploy failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
