import { copyFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { bundleWorker } from '../../server/cli/build-worker.ts';
import { ensureDemoSite } from '../../server/features/demo/ensure-demo.ts';
import { seedComments } from '../../server/features/demo/seed.ts';
import { startWorkerd } from '../support/workerd-app.ts';

export interface Scenario {
  label: string;
  url: string;
  post?: (n: number) => string;
}

/**
 * Starts the bundled Worker inside workerd (Miniflare, listening on a local port) on a D1
 * database migrated by wrangler, seeds the same 10,000-comment page as the Node benchmark, and
 * hands its URL to `run`. Locally D1 is an SQLite file inside a Durable Object in the same workerd
 * process, so every query is a hop between two isolates with the rows serialised across; on
 * Cloudflare that hop is a network round trip to the database's region.
 */
export async function withWorkerd<T>(options: { port: number; site: string; page: string }, run: (url: string) => Promise<T>): Promise<T> {
  const bundle = await bundleWorker();
  // The bundle under an entry that counts its D1 queries (d1QueryCount).
  const script = join(dirname(bundle), 'bench-d1-counting.js');
  copyFileSync(resolve(import.meta.dirname, 'd1-counting-worker.js'), script);
  const url = `http://127.0.0.1:${options.port}`;
  const worker = await startWorkerd({ PARLEY_SECRET: 'bench-secret-bench-secret-bench-secret', PUBLIC_URL: url, SPAM_DEFENCES: 'off' }, { port: options.port, script });
  try {
    const now = Date.now();
    await ensureDemoSite(worker.db, url, now);
    // Setup, not what is measured: written through D1 batches from Node.
    await seedComments(worker.db, { siteId: options.site, pageKey: options.page, comments: 5000, replies: 1, now, votes: false });
    return await run(url);
  } finally {
    await worker.close();
  }
}

/**
 * The cost of one D1 query as the Worker sees it: a Worker inside workerd runs `n` sequential
 * trivial queries against a local D1 database and reports the mean, which is the round trip
 * (Worker → D1's Durable Object → SQLite → serialised rows back), with almost no SQL work in it.
 */
export async function d1RoundTripMs(n = 500): Promise<number> {
  const { Miniflare } = await import('miniflare');
  const mf = new Miniflare({
    modules: true,
    compatibilityDate: '2026-04-20',
    d1Databases: { DB: 'bench-round-trip' },
    script: `export default {
      async fetch(request, env) {
        const n = Number(new URL(request.url).searchParams.get('n'));
        await env.DB.prepare('select 1 as x').first();
        const start = Date.now();
        for (let i = 0; i < n; i++) await env.DB.prepare('select ?1 as x').bind(i).first();
        // Date.now() only advances across I/O in a Worker, which each query is.
        return Response.json({ ms: (Date.now() - start) / n });
      },
    };`,
  });
  try {
    const res = await mf.dispatchFetch(`http://bench/?n=${n}`);
    return ((await res.json()) as { ms: number }).ms;
  } finally {
    await mf.dispose();
  }
}

/** D1 queries the benchmark's Worker has run since it started (see d1-counting-worker.js). */
export async function d1QueryCount(url: string): Promise<number> {
  return ((await (await fetch(`${url}/__bench/d1-queries`)).json()) as { queries: number }).queries;
}
