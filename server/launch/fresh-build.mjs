/**
 * Plain JavaScript on purpose: `npm start` and `npm run parley` run this with `node` before any
 * build exists. It builds (`npm run build`) only when dist/ is missing or older than a source.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
const STAMP = join(ROOT, 'dist/server/build-info.json');
/** What the build reads: a change to any of them makes the build stale. */
const SOURCES = ['server', 'db', 'widget', 'admin', 'package.json', 'package-lock.json'];

function newestChange(path) {
  const info = statSync(path, { throwIfNoEntry: false });
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestChange(join(path, entry)));
  }
  return newest;
}

/** Why a build is needed, or undefined when dist/ is up to date. */
export function staleReason() {
  if (!existsSync(STAMP)) return 'no build yet';
  const built = statSync(STAMP).mtimeMs;
  const changed = Math.max(...SOURCES.map((s) => newestChange(join(ROOT, s))));
  return changed > built ? 'sources changed since the last build' : undefined;
}

/** Runs `npm run build` when needed; exits the process if the build fails. */
export function ensureBuilt() {
  const reason = staleReason();
  if (!reason) return;
  console.error(`[parley] building (${reason}): npm run build`);
  const npm = process.env.npm_execpath;
  const result = npm
    ? spawnSync(process.execPath, [npm, 'run', 'build'], { cwd: ROOT, stdio: ['ignore', process.stderr, 'inherit'] })
    : spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', process.stderr, 'inherit'], shell: process.platform === 'win32' });
  if (result.status !== 0) {
    console.error('[parley] the build failed (see above); fix it and start again.');
    process.exit(result.status ?? 1);
  }
}
