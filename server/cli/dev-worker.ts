/**
 * Runs Parley as a Worker on this machine: `wrangler dev` with a local D1 database, offline.
 *
 *   npm run dev:worker -- --port 8788 [--persist-to DIR]
 *
 * Before wrangler starts: the static assets are assembled from the build (npm run dev:worker
 * builds first), the local D1 database gets the migrations from db/migrations, and .dev.vars gets
 * a PARLEY_SECRET if it has none (a Worker has no disk to keep a generated one, see
 * server/entry/worker-config.ts). The demo site and article are prepared by the Worker itself on
 * its first request, as the Node server does at start, with the first owner from .dev.vars.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { assembleWorkerAssets } from './build-worker.ts';
import { offlineEnv, ROOT, wrangler } from './wrangler.ts';

const DEV_VARS = resolve(ROOT, '.dev.vars');

/**
 * Makes sure .dev.vars (wrangler dev's secrets file, git-ignored) has a PARLEY_SECRET and the first
 * owner's PARLEY_ADMIN_EMAIL and PARLEY_ADMIN_PASSWORD. A Worker never makes up a password itself
 * (its log is no place for one), so for local use this script does, and prints it here, on this
 * machine's console, once.
 */
export function ensureDevSecret(path: string = DEV_VARS): void {
  let vars = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const add = (line: string) => {
    vars = vars && !vars.endsWith('\n') ? `${vars}\n${line}\n` : `${vars}${line}\n`;
  };
  if (!/^PARLEY_SECRET\s*=/m.test(vars)) {
    add(`PARLEY_SECRET=${randomBytes(32).toString('hex')}`);
    console.log('[parley] wrote a new PARLEY_SECRET to .dev.vars');
  }
  if (!/^PARLEY_ADMIN_EMAIL\s*=/m.test(vars) && !/^PARLEY_ADMIN_PASSWORD\s*=/m.test(vars)) {
    const password = randomBytes(14).toString('base64url').slice(0, 18);
    add('PARLEY_ADMIN_EMAIL=admin@parley.localhost');
    add(`PARLEY_ADMIN_PASSWORD=${password}`);
    console.log(`[parley] first owner for the local Worker's dashboard (in .dev.vars): admin@parley.localhost / ${password}`);
  }
  writeFileSync(path, vars);
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
