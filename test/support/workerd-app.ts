import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { drizzle } from 'drizzle-orm/d1';
import { Miniflare } from 'miniflare';
import type { AppDb } from '../../db/client.ts';
import * as schema from '../../db/schema.ts';
import { WORKER_BUNDLE_DIR } from '../../server/cli/build-worker.ts';
import { ROOT, wrangler } from '../../server/cli/wrangler.ts';

/** The settings of wrangler.toml the local Worker must share with the deployed one. */
function wranglerToml(): { compatibilityDate: string; databaseId: string } {
  const toml = readFileSync(resolve(ROOT, 'wrangler.toml'), 'utf8');
  const compatibilityDate = /^compatibility_date\s*=\s*"([^"]+)"/m.exec(toml)?.[1];
  const databaseId = /^database_id\s*=\s*"([^"]+)"/m.exec(toml)?.[1];
  if (!compatibilityDate || !databaseId) throw new Error('wrangler.toml lacks compatibility_date or database_id');
  return { compatibilityDate, databaseId };
}

export interface WorkerdApp {
  mf: Miniflare;
  /** The Worker's D1 database, reached from Node through Miniflare, with the app's drizzle schema. */
  db: AppDb;
  /** Sends a request to the Worker's fetch handler. */
  fetch(request: Request): Promise<Response>;
  /** Runs the Worker's scheduled handler as the Cron Trigger with this schedule would. */
  scheduled(cron: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Migrates an empty local D1 database with `wrangler d1 migrations apply --local` (the command
 * `npm run dev:worker` runs) and starts the bundled Worker (dist/worker, built by the global
 * setup) inside workerd with it (`migrate: false` leaves the database empty; `port` also serves
 * it over HTTP). Vars and secrets are given as `bindings`.
 */
export async function startWorkerd(bindings: Record<string, string>, options: { migrate?: boolean; port?: number; script?: string } = {}): Promise<WorkerdApp> {
  const persist = mkdtempSync(join(tmpdir(), 'parley-d1-'));
  if (options.migrate !== false) await wrangler(['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persist]);
  const { compatibilityDate, databaseId } = wranglerToml();
  const mf = new Miniflare({
    modules: true,
    scriptPath: options.script ?? join(WORKER_BUNDLE_DIR, 'worker.js'),
    // Another entry imports the bundle: Miniflare must read both .js files as ES modules.
    ...(options.script ? { modulesRules: [{ type: 'ESModule' as const, include: ['**/*.js'] }] } : {}),
    compatibilityDate,
    d1Databases: { DB: databaseId },
    d1Persist: join(persist, 'v3', 'd1'),
    bindings,
    // Only the benchmark listens on a port (for autocannon); tests dispatch requests directly.
    ...(options.port ? { host: '127.0.0.1', port: options.port } : {}),
  });
  await mf.ready;
  const d1 = await mf.getD1Database('DB');
  const db = drizzle(d1 as never, { schema }) as unknown as AppDb;
  return {
    mf,
    db,
    fetch: async (request) => (await mf.dispatchFetch(request.url, request as never)) as unknown as Response,
    scheduled: async (cron) => {
      const worker = await mf.getWorker();
      await worker.scheduled({ cron });
    },
    close: async () => {
      await mf.dispose();
      rmSync(persist, { recursive: true, force: true });
    },
  };
}
