/**
 * The production build: `npm run build` bundles the server and the CLI into dist/server, which
 * plain `node` runs with only the runtime dependencies; a non-localhost install has no demo.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildServer } from '../../../server/build.ts';
import { type ServerProcess, startServerProcess } from '../../support/server-process.ts';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const ROOT = resolve(import.meta.dirname, '../../..');
const run = promisify(execFile);

describe('the server bundle', () => {
  it('imports only runtime dependencies: no TypeScript loader, bundler or minifier, nothing from devDependencies', async () => {
    const outdir = mkdtempSync(join(tmpdir(), 'parley-server-build-'));
    try {
      const { metafile } = await buildServer(outdir);
      const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
      const packages = new Set(
        Object.values(metafile.outputs)
          .flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path))
          .filter((p) => !p.startsWith('node:') && !p.startsWith('.'))
          .map((p) => (p.startsWith('@') ? p.split('/').slice(0, 2).join('/') : p.split('/')[0]!)),
      );
      // Node's own modules imported without the node: prefix (by bundled packages) are fine too.
      const builtins = new Set((await import('node:module')).builtinModules);
      const notDependencies = [...packages].filter((p) => !(p in pkg.dependencies) && !builtins.has(p) && p !== 'pino-pretty');
      expect(notDependencies).toEqual([]);
      expect([...packages].filter((p) => ['tsx', 'esbuild', 'terser'].includes(p))).toEqual([]);
      expect(Object.keys(pkg.dependencies)).not.toContain('tsx');
      expect(Object.keys(pkg.dependencies)).not.toContain('esbuild');
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  it('runs the CLI from the same bundle: site add and site list', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-cli-bundle-'));
    const env = { ...process.env, DATABASE_PATH: join(dir, 'parley.db'), PUBLIC_URL: 'https://comments.example.com' };
    try {
      const added = await run(process.execPath, ['dist/server/cli.js', 'site', 'add', '--id', 'my-paper', '--name', 'My Paper', '--origin', 'https://news.example.com'], { cwd: ROOT, env });
      expect(added.stdout).toContain('Added site my-paper (My Paper)');
      expect(added.stdout).toContain('<script src="https://comments.example.com/embed.js" data-site="my-paper" async></script>');
      // The launcher `npm run parley` uses: it finds the build fresh and runs the same bundle.
      const listed = await run(process.execPath, ['server/launch/parley.mjs', 'site', 'list'], { cwd: ROOT, env });
      expect(listed.stdout).toMatch(/^my-paper\s+My Paper {2}https:\/\/news\.example\.com$/m);
      expect(listed.stderr).not.toContain('building');
      const refused = await run(process.execPath, ['dist/server/cli.js', 'site', 'add', '--id', 'Bad Id', '--name', 'X'], { cwd: ROOT, env }).catch((e: { code: number; stderr: string }) => e);
      expect(refused).toMatchObject({ code: 2 });
      expect((refused as { stderr: string }).stderr).toContain('--id Site id must be lower-case letters');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a production install (PUBLIC_URL is not localhost)', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess({ PUBLIC_URL: 'https://comments.example.com' }, { bundle: true });
  });
  afterAll(() => server?.stop());

  it('has no demo site, no seeded comments, and / says what the server is with a link to the dashboard', async () => {
    const home = await fetch(`${server.url}/`);
    expect(home.status).toBe(200);
    const html = await home.text();
    expect(html).toContain('<title>Parley comments server</title>');
    expect(html).toContain('href="/admin"');
    expect(html).not.toContain('data-site="demo"');
    expect((await fetch(`${server.url}/articles/harbour-wind-farm-approved`)).status).toBe(404);
    const listing = await fetch(`${server.url}/api/v1/sites/demo/comments?page=/x`);
    expect(listing.status).toBe(404);
    const db = new Database(server.dbPath, { readonly: true });
    try {
      expect(db.prepare('select count(*) as n from sites').get()).toEqual({ n: 0 });
      expect(db.prepare('select count(*) as n from comments').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });
});

describe('PARLEY_DEMO', () => {
  it('turns the demo on for a non-localhost address, and off for localhost', async () => {
    const on = await startServerProcess({ PUBLIC_URL: 'https://comments.example.com', PARLEY_DEMO: 'on' }, { bundle: true });
    try {
      expect(await (await fetch(`${on.url}/`)).text()).toContain('data-site="demo"');
    } finally {
      await on.stop();
    }
    const off = await startServerProcess({ PARLEY_DEMO: 'off' }, { bundle: true });
    try {
      expect(await (await fetch(`${off.url}/`)).text()).not.toContain('data-site="demo"');
      expect((await fetch(`${off.url}/api/v1/sites/demo/comments?page=/x`)).status).toBe(404);
    } finally {
      await off.stop();
    }
  });
});

describe('npm start', () => {
  const staleness = async () =>
    (await run(process.execPath, ['--input-type=module', '-e', "const m = await import('./server/launch/fresh-build.mjs'); console.log(m.staleReason() ?? 'fresh')"], { cwd: ROOT })).stdout.trim();

  it('builds only when the build is missing or older than a source', async () => {
    // The global setup has just built dist/server.
    expect(await staleness()).toBe('fresh');
    const source = resolve(ROOT, 'server/version.ts');
    const { atime, mtime } = statSync(source);
    try {
      utimesSync(source, atime, new Date(Date.now() + 60_000));
      expect(await staleness()).toBe('sources changed since the last build');
    } finally {
      utimesSync(source, atime, mtime);
    }
    expect(await staleness()).toBe('fresh');
  });
});
