import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWidget } from '../../../widget/build.ts';

/** The budgets of DESIGN.md, in gzip bytes. */
const LOADER_BUDGET = 2 * 1024;
/**
 * Everything a reader downloads without a click: the loader, the app, Preact, CSS and one locale.
 * Parts opened on demand (reporting, editing, signing in, the counter near the length limit, the
 * proof of work as a reader starts typing) come in their own chunks and are not counted here.
 */
const FIRST_LOAD_BUDGET = 16 * 1024;
const COUNT_BUDGET = 1024;
/** Every locale the README promises. */
const LOCALES = ['en', 'es', 'fr', 'de', 'pt', 'zh', 'ja', 'ar'];

let dir: string;
let built: Awaited<ReturnType<typeof buildWidget>>;
const gz = (file: string) => gzipSync(readFileSync(join(dir, file)), { level: 9 }).length;

/** The files a module pulls in before it runs: itself and its static imports, transitively. */
function loadedWith(metafile: Metafile, file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const output = Object.entries(metafile.outputs).find(([path]) => basename(path) === file)?.[1];
  for (const i of output?.imports ?? []) if (i.kind === 'import-statement') loadedWith(metafile, basename(i.path), seen);
  return seen;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parley-size-'));
  built = await buildWidget({ outdir: dir, minify: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('widget size budget (production build, gzip -9)', () => {
  it(`keeps the loader (embed.js) within ${LOADER_BUDGET} bytes`, () => {
    const size = gz('embed.js');
    console.log(`embed.js: ${size} B gzip`);
    expect(size).toBeLessThanOrEqual(LOADER_BUDGET);
  });

  it('builds every locale as its own files, so a reader loads only theirs', () => {
    expect(Object.keys(built.locales).sort()).toEqual([...LOCALES].sort());
    const files = Object.values(built.locales).flat();
    expect(new Set(files).size).toBe(LOCALES.length * 2);
    // No locale's strings ride along in the app itself.
    const app = [...loadedWith(built.metafile, built.app)].map((f) => readFileSync(join(dir, f), 'utf8')).join('');
    expect(app).not.toContain('Join the discussion');
    expect(app).not.toContain('Únete');
  });

  it(`keeps what a reader loads to see the widget — loader, app, Preact, CSS and one locale — within ${FIRST_LOAD_BUDGET} bytes`, () => {
    const app = [...loadedWith(built.metafile, built.app)];
    expect(app.some((f) => f.startsWith('parley-app-'))).toBe(true);
    const base = app.reduce((sum, f) => sum + gz(f), 0);
    const localeFiles = Object.values(built.locales).flat();
    const lazy = readdirSync(dir).filter((f) => f.endsWith('.js') && !app.includes(f) && !localeFiles.includes(f) && f !== 'embed.js' && f !== 'count.js');
    const lazySize = lazy.reduce((sum, f) => sum + gz(f), 0);
    const sizes = LOCALES.map((code) => {
      const [first, later] = built.locales[code]!;
      const size = gz('embed.js') + base + gz(first);
      console.log(`loader + app + ${code}: ${size} B gzip (app ${base} B, locale ${gz(first)} B; on-demand strings ${gz(later)} B)`);
      return size;
    });
    expect(Math.max(...sizes)).toBeLessThanOrEqual(FIRST_LOAD_BUDGET);
    // Loaded only when a reader acts (proof of work as they start typing, editing, reporting).
    console.log(`on-demand chunks (${lazy.join(', ') || 'none'}): ${lazySize} B gzip`);
  });

  it(`keeps the count script (count.js) within ${COUNT_BUDGET} bytes`, () => {
    const size = gz('count.js');
    console.log(`count.js: ${size} B gzip`);
    expect(size).toBeLessThanOrEqual(COUNT_BUDGET);
  });
});
