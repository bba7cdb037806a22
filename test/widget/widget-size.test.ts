import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWidget } from '../../widget/build.ts';

/** The budgets of DESIGN.md, in gzip bytes. */
const LOADER_BUDGET = 2 * 1024;
const APP_BUDGET = 14 * 1024;
const COUNT_BUDGET = 1024;

let dir: string;
const gz = (file: string) => gzipSync(readFileSync(join(dir, file)), { level: 9 }).length;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parley-size-'));
  await buildWidget({ outdir: dir, minify: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('widget size budget (production build, gzip -9)', () => {
  it(`keeps the loader (embed.js) within ${LOADER_BUDGET} bytes`, () => {
    const size = gz('embed.js');
    console.log(`embed.js: ${size} B gzip`);
    expect(size).toBeLessThanOrEqual(LOADER_BUDGET);
  });

  it(`keeps the app, Preact and CSS included, within ${APP_BUDGET} bytes`, () => {
    // The CSS is inlined in the app bundle; every other .js/.css file is part of the app.
    const files = readdirSync(dir).filter((f) => f !== 'embed.js' && f !== 'count.js' && /\.(js|css)$/.test(f));
    expect(files.some((f) => f.startsWith('parley-app-'))).toBe(true);
    const size = files.reduce((sum, f) => sum + gz(f), 0);
    console.log(`app (${files.join(', ')}): ${size} B gzip`);
    expect(size).toBeLessThanOrEqual(APP_BUDGET);
  });

  it(`keeps the count script (count.js) within ${COUNT_BUDGET} bytes`, () => {
    const size = gz('count.js');
    console.log(`count.js: ${size} B gzip`);
    expect(size).toBeLessThanOrEqual(COUNT_BUDGET);
  });
});
