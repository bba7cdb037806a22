/**
 * Runs Parley as a Worker on this machine: `wrangler dev` with a local D1 database, offline.
 *
 *   npm run dev:worker -- --port 8788 [--persist-to DIR]
 *
 * Before wrangler starts: the static assets are assembled from the build (npm run dev:worker
 * builds first), the local D1 database gets the migrations from db/migrations, and .dev.vars gets
 * a PARLEY_SECRET if it has none (a Worker has no disk to keep a generated one, see
 * server/entry/worker-config.ts). The demo site and article are prepared by the Worker itself on
 * its first request, as the Node server does at start; the first owner's password is printed then.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { assembleWorkerAssets } from './build-worker.ts';
import { offlineEnv, ROOT, wrangler } from './wrangler.ts';

const DEV_VARS = resolve(ROOT, '.dev.vars');

/** Makes sure .dev.vars (wrangler dev's secrets file, git-ignored) has a PARLEY_SECRET. */
export function ensureDevSecret(path: string = DEV_VARS): void {
  const existing = existsSync(path) ? readFileSync(path, 'utf8') : '';
  if (/^PARLEY_SECRET\s*=/m.test(existing)) return;
  const line = `PARLEY_SECRET=${randomBytes(32).toString('hex')}\n`;
  writeFileSync(path, existing && !existing.endsWith('\n') ? `${existing}\n${line}` : existing + line);
  console.log('[parley] wrote a new PARLEY_SECRET to .dev.vars');
}

async function main(args: string[]): Promise<void> {
  ensureDevSecret();
  assembleWorkerAssets();
  const at = args.indexOf('--persist-to');
  const persist = at >= 0 && args[at + 1] ? ['--persist-to', args[at + 1]!] : [];
  await wrangler(['d1', 'migrations', 'apply', 'DB', '--local', ...persist]);
  const child = spawn(process.execPath, [resolve(ROOT, 'node_modules/wrangler/bin/wrangler.js'), 'dev', '--local', ...args], {
    cwd: ROOT,
    env: offlineEnv(),
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error('[parley] dev:worker failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
