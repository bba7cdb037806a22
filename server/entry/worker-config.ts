import { type Config, ConfigError, parseConfig } from '../config.ts';

/** Configuration on Workers: a secret is required, and the public URL may come from the request. */
export type WorkerConfig = Config & { secret: string };

/**
 * Reads the Worker's vars and secrets with the same rules (and messages) as on Node.
 *
 * Two differences, both because a Worker has no disk: PARLEY_SECRET is required (Node generates
 * one and keeps it in the database file; on Workers every isolate would race to do that, and a
 * secret belongs in `wrangler secret put`), and without PUBLIC_URL the origin the Worker is
 * reached at is used, so `wrangler dev --port P` and *.workers.dev work without setup.
 *
 * @param origin the origin of the request being served, when there is one.
 * @throws {ConfigError} naming the variable and the fix.
 */
export function workerConfig(env: Record<string, unknown>, origin?: string): WorkerConfig {
  const vars = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string'));
  const config = parseConfig(origin && !vars.PUBLIC_URL ? { ...vars, PUBLIC_URL: origin } : vars);
  if (!config.secret) {
    throw new ConfigError(
      'Invalid configuration:\n  PARLEY_SECRET is not set: the Worker needs a secret for hashing IP addresses and signing links.\n' +
        'Set it with `openssl rand -hex 32 | npx wrangler secret put PARLEY_SECRET` (for `wrangler dev`, put PARLEY_SECRET=… in .dev.vars; `npm run dev:worker` does that for you).',
    );
  }
  return { ...config, secret: config.secret };
}
