/**
 * The Worker bundles as `wrangler deploy` would bundle it, and nothing Node-only is reachable from
 * its entry: no `node:*` module, no better-sqlite3, no @hono/node-server, no file-system code.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { builtinModules } from 'node:module';
import * as esbuild from 'esbuild';
import { expect, it, vi } from 'vitest';
import { bundleWorker } from '../../../server/cli/build-worker.ts';
import { ROOT } from '../../../server/cli/wrangler.ts';
import { HOUSEKEEPING_CRON, OUTBOX_CRON } from '../../../server/entry/worker-crons.ts';

vi.setConfig({ testTimeout: 120_000 });

it('wrangler deploy --dry-run bundles the Worker without contacting Cloudflare', async () => {
  const outdir = mkdtempSync(join(tmpdir(), 'parley-worker-'));
  try {
    const bundle = await bundleWorker(outdir);
    expect(existsSync(bundle)).toBe(true);
    const code = readFileSync(bundle, 'utf8');
    expect(code).toMatch(/export\s*\{[^}]*as default/);
    expect(code).not.toMatch(/from\s*["']node:/);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
});

it('reaches no Node-only module from server/entry/worker.ts', async () => {
  const nodeOnly = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
  const result = await esbuild.build({
    entryPoints: [resolve(ROOT, 'server/entry/worker.ts')],
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    // Neutral: no Node built-ins are assumed to exist; workerd's module conditions pick packages' builds.
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser', 'import'],
    mainFields: ['module', 'main'],
    alias: { '@react-email/render': resolve(ROOT, 'server/entry/react-email-render-stub.ts') },
    // Collect every import instead of failing on the first unresolvable one.
    external: [...nodeOnly, 'better-sqlite3', '@hono/node-server', 'cloudflare:*'],
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs);
  const imports = Object.values(result.metafile.inputs).flatMap((i) => i.imports.map((x) => x.path));
  expect(imports.filter((p) => nodeOnly.has(p) || p.startsWith('node:'))).toEqual([]);
  expect(imports.filter((p) => /better-sqlite3|@hono\/node-server/.test(p))).toEqual([]);
  expect(inputs.filter((p) => /db\/open-sqlite|instance-secret|entry\/node|server\/cli\//.test(p))).toEqual([]);
  // It does bundle the app and the D1 driver.
  expect(inputs.some((p) => p.endsWith('server/app.ts'))).toBe(true);
  expect(inputs.some((p) => p.includes('drizzle-orm/d1'))).toBe(true);
});

it('wrangler.toml schedules the crons the Worker handles, binds D1 to db/migrations, and holds no secret', () => {
  const toml = readFileSync(resolve(ROOT, 'wrangler.toml'), 'utf8');
  expect(/^crons\s*=\s*\[(.*)\]/m.exec(toml)?.[1]).toBe(`"${OUTBOX_CRON}", "${HOUSEKEEPING_CRON}"`);
  expect(toml).toMatch(/^main\s*=\s*"server\/entry\/worker\.ts"/m);
  expect(toml).toMatch(/^binding\s*=\s*"DB"[\s\S]*?^migrations_dir\s*=\s*"db\/migrations"/m);
  expect(toml).not.toMatch(/^\s*(PARLEY_SECRET|RESEND_API_KEY|RESEND_WEBHOOK_SECRET|AKISMET_KEY|PARLEY_ADMIN_PASSWORD)\s*=/m);
});
