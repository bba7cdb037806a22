/**
 * Runs one import for the benchmark in its own process: `import-child.ts FILE DB`. Prints a JSON
 * line with the comments written, the time taken (wall and CPU: on a shared machine the CPU time
 * is the steadier number) and the process's peak resident memory.
 */
import { createReadStream } from 'node:fs';
import { openSqlite } from '../../db/open-sqlite.ts';
import { ensureDemoSite } from '../../server/features/demo/ensure-demo.ts';
import { totalComments } from '../../server/features/import/import-summary.ts';
import { runImport } from '../../server/features/import/run-import.ts';

const [file, dbPath] = process.argv.slice(2) as [string, string];
const { db, close } = openSqlite(dbPath);
await ensureDemoSite(db, 'http://localhost', Date.now());
const started = performance.now();
const cpu = process.cpuUsage();
const summary = await runImport({ db, siteId: 'demo', source: 'disqus', file, bytes: createReadStream(file, { highWaterMark: 1 << 20 }), dryRun: false, pageKey: 'path', now: Date.now() });
const ms = performance.now() - started;
const used = process.cpuUsage(cpu);
close();
console.log(JSON.stringify({ comments: totalComments(summary), orphans: summary.orphans, ms, cpuMs: (used.user + used.system) / 1000, maxRssKb: process.resourceUsage().maxRSS }));
