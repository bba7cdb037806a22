import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, parley as cli } from '../../support/cli.ts';

/** The operator commands on database files, as an operator runs them (in this process: see cli.ts). */

const ROOT = resolve(import.meta.dirname, '../../..');
let dir: string;

const parley = (db: string, ...args: string[]): Promise<CliRun> => cli({ DATABASE_PATH: db }, ...args);
const withoutExportedAt = (text: string) => text.replace(/"exportedAt":"[^"]+"/, '"exportedAt":""');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parley-cli-'));
  const a = join(dir, 'a.db');
  expect((await parley(a, 'seed', '--page', '/articles/one', '--comments', '30', '--replies', '2')).code).toBe(0);
  expect((await parley(a, 'editor', 'add', '--email', 'owner@example.com', '--role', 'owner')).code).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parley export / import parley / backup / restore', () => {
  it('exports, dry-runs an import (writes nothing), imports, and exports the same again', async () => {
    const a = join(dir, 'a.db');
    const b = join(dir, 'b.db');
    const file = join(dir, 'all.json');
    const exported = await parley(a, 'export', '--out', file);
    expect(exported.code, exported.err).toBe(0);
    expect(exported.err).toMatch(/Exported every site in \d+ ms: 1 sites, 1 editors, \d+ pages, \d+ identities, \d+ comments/);
    const dry = await parley(b, 'import', 'parley', file, '--dry-run');
    expect(dry.code, dry.err).toBe(0);
    expect(dry.out).toContain('Dry run, nothing written. Would restore: 1 sites, 1 editors');
    expect((await parley(b, 'export', '--out', join(dir, 'empty.json'))).err).toContain('0 sites');
    const real = await parley(b, 'import', 'parley', file);
    expect(real.code, real.err).toBe(0);
    expect(real.out).toContain('Restored: 1 sites, 1 editors');
    expect(real.out).toContain('editor reset-password');
    expect((await parley(b, 'export', '--out', join(dir, 'again.json'))).code).toBe(0);
    expect(withoutExportedAt(readFileSync(join(dir, 'again.json'), 'utf8'))).toBe(withoutExportedAt(readFileSync(file, 'utf8')));
    // Twice is refused, not doubled.
    const twice = await parley(b, 'import', 'parley', file);
    expect(twice.code).toBe(2);
    expect(twice.err).toContain('site "demo" already exists');
    // An existing output file is never overwritten.
    expect((await parley(a, 'export', '--out', file)).err).toContain('already exists');
  });

  it('refuses another version or format, and other kinds, with exit code 2 and a clear message', async () => {
    const file = join(dir, 'v2.json');
    writeFileSync(file, '{"format":"parley-export","version":2,"sites":[]}');
    const v2 = await parley(join(dir, 'c.db'), 'import', 'parley', file);
    expect(v2.code).toBe(2);
    expect(v2.err).toContain('this is a version 2 Parley export; this Parley reads version 1 only');
    writeFileSync(file, '<?xml version="1.0"?><rss/>');
    expect((await parley(join(dir, 'c.db'), 'import', 'parley', file)).err).toContain('not a Parley export');
    const other = await parley(join(dir, 'c.db'), 'import', 'commento', file);
    expect(other.code).toBe(2);
    expect(other.err).toContain('import needs a kind: parley');
    expect((await parley(join(dir, 'c.db'), 'export')).err).toContain('export needs --out FILE');
  });

  it('backs up to a new file and restores it in place of a database, keeping the replaced one', async () => {
    const a = join(dir, 'a.db');
    const copy = join(dir, 'backup.db');
    const backup = await parley(a, 'backup', copy);
    expect(backup.code, backup.err).toBe(0);
    expect(backup.out).toMatch(/Backed up .* in \d+ ms; integrity check ok\./);
    expect((await parley(a, 'backup', copy)).err).toContain('already exists');
    const target = join(dir, 'restored.db');
    expect((await parley(target, 'seed', '--page', '/other', '--comments', '1', '--replies', '0')).code).toBe(0);
    const restored = await parley(target, 'restore', copy);
    expect(restored.code, restored.err).toBe(0);
    expect(restored.out).toContain('The database it replaced is kept at');
    const original = await parley(a, 'export', '--out', '-');
    const after = await parley(target, 'export', '--out', '-');
    expect(withoutExportedAt(after.out)).toBe(withoutExportedAt(original.out));
    expect(existsSync(`${target}-wal`)).toBe(false);
  });
});

describe('the CLI as its own process', () => {
  it('streams an export to its standard output and exits 0, as `npm run parley -- export --out -` does', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/parley.ts', 'export', '--out', '-'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_PATH: join(dir, 'a.db') },
      encoding: 'utf8',
      // One TypeScript compile and start; slow on a loaded machine, so the default would not do.
      timeout: 90_000,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ format: 'parley-export', version: 1 });
    expect(r.stderr).toMatch(/Exported every site in \d+ ms: 1 sites, 1 editors/);
  }, 120_000);
});
