/**
 * `npm run dev`: rebuilds the widget and the dashboard on every change and restarts the server on
 * server changes.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { buildAdmin } from '../../admin/build.ts';
import { buildWidget } from '../../widget/build.ts';

const ROOT = resolve(import.meta.dirname, '../..');

await buildWidget({ outdir: resolve(ROOT, 'dist/widget'), minify: false, watch: true });
await buildAdmin({ outdir: resolve(ROOT, 'dist/admin'), minify: false, watch: true });
const server = spawn(process.execPath, ['--import', 'tsx', '--watch', '--watch-preserve-output', 'server/entry/node.ts'], {
  cwd: ROOT,
  stdio: 'inherit',
  // Development: readable log lines rather than JSON, wherever the output goes.
  env: { ...process.env, LOG_FORMAT: process.env.LOG_FORMAT ?? 'pretty' },
});
const stop = () => {
  server.kill('SIGTERM');
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
server.once('exit', (code) => process.exit(code ?? 0));
