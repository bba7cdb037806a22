import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchImport } from '/work/wt-import/test/bench/import-bench.ts';
const dir = mkdtempSync(join(tmpdir(), 'imp-bench-'));
console.log(await benchImport(dir, Number(process.argv[2] ?? 10000)));
