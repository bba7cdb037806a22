/**
 * `npm run bench`: seeds realistic databases, starts the real Node server on each and loads it
 * from this process over loopback with autocannon; prints throughput and latency for listing the
 * first and the 50th page of a 10,000-comment thread and for posting, on a small database and on
 * one with 1,000,000 comments; the cost of the spam layers (proof-of-work solve time in Chromium,
 * server time to check a submission); the throughput and peak memory of importing a synthetic
 * Disqus export; then prints the gzip sizes of the built widget.
 * The same list and post scenarios run against the Worker inside workerd on D1 (Miniflare), beside
 * the Node server's, with a health request on both to separate the runtime's cost from the database's.
 *
 * Environment: BENCH_DURATION (seconds per scenario, default 10), BENCH_CONNECTIONS (default 10),
 * BENCH_TOTAL (comments in the large database, default 1,000,000), BENCH_WORKERD=0 to skip workerd,
 * BENCH_IMPORT_POSTS (posts in the synthetic Disqus export, default 100,000).
 * BENCH_ONLY=post runs only the small database's list and post scenarios (defences off and on), for
 * profiling the write path; BENCH_ONLY=stats only the overview's stats API and the moderation queue on a generated
 * BENCH_TOTAL-comment, BENCH_SUBSCRIBERS-subscriber history (kept in the temp directory between runs); BENCH_CPU_PROF=<dir> starts the servers under `node --cpu-prof` and
 * writes their profiles there when they exit.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import { openSqlite } from '../../db/open-sqlite.ts';
import { ensureDemoSite } from '../../server/features/demo/ensure-demo.ts';
import { seedComments } from '../../server/features/demo/seed.ts';
import { buildWidget } from '../../widget/build.ts';
import { broadcasts } from '../../db/schema.ts';
import { findSite } from '../../server/features/sites/sites.repo.ts';
import { sendBroadcast } from '../../server/features/newsletter/broadcasts.ts';
import { drainOutbox } from '../../server/mail/outbox.ts';
import { resendMailer } from '../../server/mail/resend-mailer.ts';
import { FakeResend } from '../support/fake-resend.ts';
import { mintProofs, powSolveInChromium, verificationCost } from './spam-bench.ts';
import { d1QueryCount, d1RoundTripMs, withWorkerd } from './worker-bench.ts';
import { benchImport } from './import-bench.ts';
import { measureQueue, measureStats, QUEUE_VIEWS, statsDatabase } from './stats-bench.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const TOTAL = Number(process.env.BENCH_TOTAL ?? 1_000_000);
const BIG_PAGE = '/bench/ten-thousand';
const SITE = 'demo';
const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 100_000);
const POW_ROUNDS = Number(process.env.BENCH_POW_ROUNDS ?? 40);
const IMPORT_POSTS = Number(process.env.BENCH_IMPORT_POSTS ?? 100_000);
const ONLY_POST = process.env.BENCH_ONLY === 'post';
const ONLY_STATS = process.env.BENCH_ONLY === 'stats';
const STATS_ROUNDS = Number(process.env.BENCH_STATS_ROUNDS ?? 200);
const QUEUE_ROUNDS = Number(process.env.BENCH_QUEUE_ROUNDS ?? 100);
const PROFILE = process.env.BENCH_CPU_PROF;

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => done(port));
    });
  });
}

/** Seeds a database file: the 10,000-comment page, plus other pages up to `total` comments. */
async function seedDatabase(path: string, total: number): Promise<void> {
  const { db, close } = openSqlite(path);
  const now = Date.now();
  await ensureDemoSite(db, 'http://localhost', now);
  // 5,000 top-level comments with one reply each: 10,000 comments on one page.
  await seedComments(db, { siteId: SITE, pageKey: BIG_PAGE, comments: 5000, replies: 1, now, votes: false, rowsPerInsert: 50 });
  let written = 10_000;
  const perPage = 1000; // 500 threads of two comments
  let page = 0;
  const started = performance.now();
  while (written + perPage <= total) {
    await seedComments(db, { siteId: SITE, pageKey: `/bench/page-${page++}`, comments: perPage / 2, replies: 1, now, seed: page, votes: false, rowsPerInsert: 50 });
    written += perPage;
    if (page % 100 === 0) process.stdout.write(`\r  seeded ${written.toLocaleString('en')} comments`);
  }
  if (page > 0) process.stdout.write(`\r  seeded ${written.toLocaleString('en')} comments in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  close();
}

/** The instance secret of the benchmark's servers: the bench mints form tokens with it (postDefended). */
const BENCH_SECRET = 'bench-secret-bench-secret-bench-secret';

async function startServer(dbPath: string, options: { defences?: boolean } = {}): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const profile = PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${resolve(PROFILE)}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'server/entry/node.ts'], {
    cwd: ROOT,
    // By default posting is measured as a trusted client would post (SPAM_DEFENCES=off); with
    // `defences` every layer is on and each request is a different reader (X-Forwarded-For,
    // trusted here as behind a proxy) with its own form token and proof of work.
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_PATH: dbPath,
      PUBLIC_URL: url,
      NODE_ENV: 'production',
      PARLEY_SECRET: BENCH_SECRET,
      SPAM_DEFENCES: options.defences ? 'on' : 'off',
      TRUST_PROXY: options.defences ? '1' : '0',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${url}/api/v1/health`)).ok) {
        serverPid = child.pid;
        return { url, child };
      }
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error('server did not start');
}

interface Row {
  scenario: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** The server process's CPU time per request (Linux, from /proc): steadier than req/s on a shared box. */
  cpuMs?: number;
}

/** The Node server being measured, whose CPU time `load` reads. */
let serverPid: number | undefined;

/** CPU seconds (user + system) a process has used, from /proc; undefined where there is none. */
function cpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

async function load(scenario: string, options: autocannon.Options): Promise<Row> {
  // A short unmeasured run first, so the JIT and caches are warm for every scenario alike.
  await autocannon({ connections: CONNECTIONS, duration: 1, ...options });
  const cpuBefore = cpuSeconds(serverPid);
  const result = await autocannon({ connections: CONNECTIONS, duration: DURATION, ...options });
  const cpuAfter = cpuSeconds(serverPid);
  const bad = result.non2xx + result.errors + result.timeouts;
  const cpuMs = cpuBefore !== undefined && cpuAfter !== undefined ? (1000 * (cpuAfter - cpuBefore)) / Math.max(1, result.requests.total) : undefined;
  return { scenario, rps: Math.round(result.requests.average), p50: result.latency.p50, p99: result.latency.p99, errors: bad, cpuMs };
}

async function cursorOfPage(url: string, n: number): Promise<string> {
  let cursor = '';
  for (let i = 1; i < n; i++) {
    const res = await fetch(`${url}/api/v1/sites/${SITE}/comments?page=${encodeURIComponent(BIG_PAGE)}&limit=20${cursor ? `&cursor=${cursor}` : ''}`);
    const body = (await res.json()) as { nextCursor: string };
    cursor = body.nextCursor;
  }
  return cursor;
}

async function benchServer(label: string, dbPath: string, options: { health?: boolean; defences?: boolean } = {}): Promise<Row[]> {
  const { url, child } = await startServer(dbPath);
  try {
    const rows = await scenarios(label, url, options);
    if (!options.defences) return rows;
    child.kill();
    const defended = await startServer(dbPath, { defences: true });
    try {
      return [...rows, await postDefended(label, defended.url)];
    } finally {
      defended.child.kill();
    }
  } finally {
    child.kill();
  }
}

/**
 * Posting with every spam layer on, as readers' browsers post: each request comes from its own
 * address (so the per-address limits count each reader once) with a fresh form token issued ten
 * seconds earlier and its solved proof of work. Tokens are minted here with the server's secret,
 * exactly as GET /challenge mints them, at a low difficulty: the server's check is one hash
 * whatever the difficulty, and solving thousands at the widget's would take minutes.
 */
async function postDefended(label: string, url: string): Promise<Row> {
  const total = Math.ceil(1500 * (DURATION + 1));
  process.stdout.write(`  solving ${total.toLocaleString('en')} proofs of work for the defended post…`);
  const proofs = await mintProofs(BENCH_SECRET, SITE, total, Date.now() - 10_000);
  process.stdout.write(' done\n');
  let n = 0;
  return load(`${label}: post a comment, spam defences on`, {
    url: `${url}/api/v1/sites/${SITE}/comments`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (req) => {
          const i = n++;
          const proof = proofs[i % proofs.length]!;
          return {
            ...req,
            headers: { ...req.headers, 'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` },
            body: JSON.stringify({ page: `/bench/defended-${i % 50}`, authorName: 'Bench Reader', body: `Defended comment ${i}: **fast** and [linked](https://example.org/${i}).`, ...proof }),
          };
        },
      },
    ],
  });
}

/** D1 queries per 1,000 first-page listings once cached, on the benchmark's Worker (d1QueryCount). */
let d1PerThousandListings: number | undefined;

/** Health (no database; only with `health`), list first and 50th page, post: against any running server. */
async function scenarios(label: string, url: string, options: { health?: boolean; countD1?: boolean } = {}): Promise<Row[]> {
  {
    const list = `${url}/api/v1/sites/${SITE}/comments?page=${encodeURIComponent(BIG_PAGE)}&limit=20`;
    const page50 = `${list}&cursor=${await cursorOfPage(url, 50)}`;
    const check = (await (await fetch(page50)).json()) as { comments: unknown[] };
    if (check.comments.length !== 20) throw new Error('page 50 is not full');
    let n = 0;
    const rows = [
      ...(options.health ? [await load(`${label}: health (no database)`, { url: `${url}/api/v1/health` })] : []),
      // A profile of the write path holds only posts.
      ...(ONLY_POST && PROFILE ? [] : [await load(`${label}: list first page`, { url: list })]),
      // Right after the listing's run, so what it keeps is still kept: exactly 1,000 more.
      ...(options.countD1 ? await countD1(url, list) : []),
      ...(ONLY_POST
        ? []
        : [
            await load(`${label}: list 50th page (cursor)`, { url: page50 }),
            await load(`${label}: count (count.js, 3 pages)`, { url: `${url}/api/v1/sites/${SITE}/counts?page=${encodeURIComponent(BIG_PAGE)}&page=%2Fbench%2Fposts-1&page=%2Fbench%2Fnone` }),
          ]),
      await load(`${label}: post a comment, spam defences off`, {
        url: `${url}/api/v1/sites/${SITE}/comments`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        requests: [
          {
            setupRequest: (req) => ({
              ...req,
              body: JSON.stringify({ page: `/bench/posts-${n % 50}`, authorName: 'Bench Reader', body: `Comment number ${n++}: **fast** and [linked](https://example.org/${n}).` }),
            }),
          },
        ],
      }),
    ];
    return rows;
  }
}

async function countD1(url: string, list: string): Promise<Row[]> {
  const before = await d1QueryCount(url);
  await autocannon({ connections: CONNECTIONS, amount: 1000, url: list });
  d1PerThousandListings = (await d1QueryCount(url)) - before;
  return [];
}

/**
 * What the Worker's numbers are made of: a health request runs the same app without touching the
 * database, so (list − health) is what one D1 query costs there, beside one better-sqlite3 query.
 */
function whatDominates(node: Row[], workerd: Row[]): string[] {
  const find = (rows: Row[], part: string) => rows.find((r) => r.scenario.includes(part));
  const lines: string[] = [];
  for (const [name, rows] of [['Node + better-sqlite3', node], ['workerd + D1 (Miniflare)', workerd]] as const) {
    const health = find(rows, 'health');
    const list = find(rows, 'list first');
    const post = find(rows, 'post');
    if (!health || !list || !post) continue;
    // Server time per request at saturation, from throughput: connections / (requests per second).
    const ms = (r: Row) => (1000 * CONNECTIONS) / Math.max(1, r.rps);
    lines.push(
      `- ${name}: ${ms(health).toFixed(2)} ms per request without the database (runtime, HTTP, app); ` +
        `listing adds ${(ms(list) - ms(health)).toFixed(2)} ms, posting adds ${(ms(post) - ms(health)).toFixed(2)} ms.`,
    );
  }
  return lines;
}

/**
 * A newsletter to SUBSCRIBERS confirmed subscribers: the time and memory to queue it, then the
 * drain through the real resend SDK against the fake Resend server on 127.0.0.1.
 */
async function benchBroadcast(dir: string): Promise<string[]> {
  const { db, sqlite, close } = openSqlite(join(dir, 'mail.db'));
  const now = Date.now();
  await ensureDemoSite(db, 'http://localhost', now);
  // Setup, not what is measured: subscribers written straight into SQLite.
  const insertSubscriber = sqlite.prepare("insert into subscribers (id, site_id, email, status, token, created_at, updated_at) values (?, 'demo', ?, 'active', ?, ?, ?)");
  const insertSubscription = sqlite.prepare("insert into subscriptions (id, subscriber_id, topic, target, status, created_at, confirmed_at) values (?, ?, 'newsletter', '', 'confirmed', ?, ?)");
  sqlite.transaction(() => {
    for (let i = 0; i < SUBSCRIBERS; i++) {
      insertSubscriber.run(`s${i}`, `reader${i}@example.com`, `t${i}`, now, now);
      insertSubscription.run(`u${String(i).padStart(7, '0')}`, `s${i}`, now, now);
    }
  })();
  await db.insert(broadcasts).values({ id: 'bench', siteId: SITE, subject: 'Morning briefing', bodySource: '# Today\n\nThree **stories** worth your time: [one](https://example.org/1), [two](https://example.org/2).', createdAt: now });
  const site = (await findSite(db, SITE))!;

  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const queueStart = performance.now();
  const recipients = await sendBroadcast(db, { site, secret: 'bench-secret-bench-secret-bench-secret', publicUrl: 'https://comments.example.com', now }, 'bench');
  const queueMs = performance.now() - queueStart;
  clearInterval(sampler);

  const fake = await new FakeResend().start();
  const drainStart = performance.now();
  const report = await drainOutbox(db, { mailer: resendMailer('re_bench', { baseUrl: fake.url }), from: 'News <news@example.com>', now: () => Date.now(), limit: SUBSCRIBERS + 10 });
  const drainMs = performance.now() - drainStart;
  await fake.stop();
  close();
  return [
    `| queue a broadcast to ${recipients!.toLocaleString('en')} subscribers | ${(queueMs / 1000).toFixed(1)} s | ${Math.round(recipients! / (queueMs / 1000)).toLocaleString('en')} emails/s queued; RSS +${Math.round((peak - rssBefore) / 1e6)} MB peak |`,
    `| drain the outbox to the fake Resend | ${(drainMs / 1000).toFixed(1)} s | ${Math.round(report.sent / (drainMs / 1000)).toLocaleString('en')} emails/s; ${report.calls} API calls (${fake.calls.filter((c) => c.path === '/emails/batch').length} batch); ${report.sent.toLocaleString('en')} sent, ${report.failed} failed |`,
  ];
}

function printRows(rows: Row[]): void {
  console.log('\n| scenario | req/s | p50 ms | p99 ms | errors | server CPU ms/req |\n| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) console.log(`| ${r.scenario} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.cpuMs?.toFixed(2) ?? '–'} |`);
}

function widgetSizes(dir: string): { file: string; bytes: number; gzip: number }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.js') || f.endsWith('.css'))
    .map((file) => {
      const data = readFileSync(join(dir, file));
      return { file, bytes: data.length, gzip: gzipSync(data, { level: 9 }).length };
    });
}

/** The overview's stats API (p50/p95 of 90-day periods read one after another) and the queue's views, on the large history. */
async function benchStats(): Promise<void> {
  console.log(`\nStats API on ${TOTAL.toLocaleString('en')} comments and ${SUBSCRIBERS.toLocaleString('en')} subscribers…`);
  const made = await statsDatabase({ comments: TOTAL, subscribers: SUBSCRIBERS });
  if (made.generatedSeconds !== undefined) console.log(`  generated in ${made.generatedSeconds.toFixed(0)} s (rollups kept by the triggers); a full rebuild of its rollups took ${made.rebuildSeconds!.toFixed(1)} s`);
  else console.log(`  kept from an earlier run: ${made.path}`);
  const { url, child } = await startServer(made.path);
  try {
    const cpuBefore = cpuSeconds(child.pid);
    const r = await measureStats(url, STATS_ROUNDS);
    const cpuAfter = cpuSeconds(child.pid);
    // Server CPU per request (it includes the sign-in and ten warm-up reads): steadier than wall time on a shared box.
    const cpuMs = cpuBefore === undefined || cpuAfter === undefined ? undefined : ((cpuAfter - cpuBefore) * 1000) / (r.n + 11);
    console.log('\n| stats API, 90 days, Europe/Berlin | p50 ms | p95 ms | max ms | server CPU ms/req | n | answer bytes |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
    console.log(`| GET …/stats | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.max.toFixed(1)} | ${cpuMs?.toFixed(1) ?? '–'} | ${r.n} | ${r.bytes} |`);
    // The queue page on the same history: what an editor opens next.
    const queue = await measureQueue(url, QUEUE_ROUNDS);
    console.log('\n| moderation queue, same history | p50 ms | p95 ms | max ms | n | answer bytes |\n| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const view of QUEUE_VIEWS) {
      const q = queue[view];
      console.log(`| GET …/${view === 'counts' ? 'counts' : `comments?${view}`} | ${q.p50.toFixed(1)} | ${q.p95.toFixed(1)} | ${q.max.toFixed(1)} | ${q.n} | ${q.bytes} |`);
    }
    console.log(`  (load average while measured: ${loadavg().map((n) => n.toFixed(1)).join(' ')} on ${availableParallelism()} cores)`);
  } finally {
    child.kill();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-'));
  try {
    console.log(`Parley benchmark — ${CONNECTIONS} connections, ${DURATION} s per scenario, Node ${process.version}\n`);
    if (ONLY_STATS) {
      await benchStats();
      return;
    }
    console.log('Seeding a small database (one 10,000-comment page)…');
    await seedDatabase(join(dir, 'small.db'), 10_000);
    if (ONLY_POST) {
      const rows = (await benchServer('node 10k db', join(dir, 'small.db'), { defences: true })).filter((r) => /list first|post/.test(r.scenario));
      printRows(rows);
      return;
    }
    console.log(`Seeding a large database (${TOTAL.toLocaleString('en')} comments)…`);
    await seedDatabase(join(dir, 'large.db'), TOTAL);

    const small = await benchServer('node 10k db', join(dir, 'small.db'), { health: true, defences: true });
    const rows = [...small, ...(await benchServer(`node ${(TOTAL / 1e6).toFixed(1)}M db`, join(dir, 'large.db')))];
    let workerd: Row[] = [];
    if (process.env.BENCH_WORKERD !== '0') {
      console.log('Starting the Worker in workerd on D1 and seeding the same 10,000-comment page…');
      serverPid = undefined;
      workerd = await withWorkerd({ port: await freePort(), site: SITE, page: BIG_PAGE }, (url) => scenarios('workerd+D1 10k db', url, { health: true, countD1: true }));
      rows.push(...workerd);
    }
    printRows(rows);
    if (workerd.length > 0) {
      const health = workerd.find((r) => r.scenario.includes('health'));
      const list = workerd.find((r) => r.scenario.includes('list first'));
      if (health && list) console.log(`\nworkerd: first-page listing (kept in the Cache API and in memory) ${list.rps} req/s against health ${health.rps} req/s (${(health.rps / Math.max(1, list.rps)).toFixed(2)}× slower); D1 queries per 1,000 of those listings: ${d1PerThousandListings}`);
      console.log('\nWhat dominates (server time per request at saturation, from req/s):');
      for (const line of whatDominates(small, workerd)) console.log(line);
      console.log(`- One D1 query from inside workerd (sequential trivial queries, mean): ${(await d1RoundTripMs()).toFixed(2)} ms; a kept listing reads its site and page row from the Cache API (no query), a post makes several reads and one batch.`);
      console.log(
        '  Inside workerd every query leaves the Worker for D1: locally a Durable Object holding the SQLite file in the same process,\n' +
          '  on Cloudflare a network round trip to the database. Rows come back serialised, where better-sqlite3 reads them in-process.',
      );
    }

    console.log(`\nNewsletter to ${SUBSCRIBERS.toLocaleString('en')} subscribers…`);
    const mail = await benchBroadcast(dir);
    console.log('\n| email | time | result |\n| --- | ---: | --- |');
    for (const line of mail) console.log(line);

    await benchStats();

    console.log('\nSpam layers…');
    const timings = [await verificationCost(join(dir, 'small.db'), 2000), ...(await powSolveInChromium([50_000, 200_000], POW_ROUNDS))];
    console.log('\n| spam layer cost | median ms | p95 ms | mean ms | n |\n| --- | ---: | ---: | ---: | ---: |');
    for (const t of timings) console.log(`| ${t.label} | ${t.median.toFixed(2)} | ${t.p95.toFixed(2)} | ${t.mean.toFixed(2)} | ${t.n} |`);

    console.log(`\nImporting a synthetic ${IMPORT_POSTS.toLocaleString('en')}-post Disqus export…`);
    const imported = await benchImport(dir, IMPORT_POSTS);
    console.log('\n| import | file MB | seconds | posts/s | posts per CPU-second | peak RSS MB |\n| --- | ---: | ---: | ---: | ---: | ---: |');
    console.log(`| Disqus, ${imported.posts.toLocaleString('en')} posts | ${imported.fileMb.toFixed(1)} | ${imported.seconds.toFixed(1)} | ${imported.postsPerSecond} | ${imported.postsPerCpuSecond} | ${imported.peakRssMb.toFixed(0)} |`);

    const out = join(dir, 'widget');
    await buildWidget({ outdir: out, minify: true });
    console.log('\n| widget file | bytes | gzip |\n| --- | ---: | ---: |');
    for (const s of widgetSizes(out)) console.log(`| ${s.file} | ${s.bytes} | ${s.gzip} |`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
