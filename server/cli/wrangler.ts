import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
const WRANGLER = resolve(ROOT, 'node_modules/wrangler/bin/wrangler.js');

/**
 * The environment for local wrangler commands (build, dev, local migrations): no account and
 * nothing that phones out, so they never reach Cloudflare (or npm) and work offline. Deploying
 * passes the caller's own environment.
 */
export function offlineEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...base,
    WRANGLER_SEND_METRICS: 'false',
    WRANGLER_SEND_ERROR_REPORTS: 'false',
    // The banner is where wrangler asks npm for a newer version of itself.
    WRANGLER_HIDE_BANNER: 'true',
    // Miniflare would fetch Request.cf's sample data from workers.cloudflare.com; a placeholder is fine.
    CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  };
  delete env.CLOUDFLARE_API_TOKEN;
  delete env.CLOUDFLARE_API_KEY;
  delete env.CLOUDFLARE_ACCOUNT_ID;
  return env;
}

/** Runs the project's wrangler with these arguments; resolves with its output, rejects on failure. */
export function wrangler(args: string[], options: { env?: NodeJS.ProcessEnv; inherit?: boolean } = {}): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [WRANGLER, ...args], { cwd: ROOT, env: options.env ?? offlineEnv(), stdio: options.inherit ? 'inherit' : 'pipe' });
    let output = '';
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? done(output) : fail(new Error(`wrangler ${args.join(' ')} exited with ${code}\n${output}`))));
  });
}
