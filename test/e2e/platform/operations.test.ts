/**
 * Operating the production bundle: request ids and one JSON log line per request without
 * personal data, readiness, metrics behind their token, graceful shutdown, scheduled backups.
 */
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openSqlite } from '../../../db/open-sqlite.ts';
import { createEditor } from '../../../server/features/editors/editors.repo.ts';
import { createSiteIfMissing } from '../../../server/features/sites/sites.repo.ts';
import { type ServerProcess, startServerProcess } from '../../support/server-process.ts';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const ORIGIN = 'https://news.example.com';
const OWNER = { email: 'owner.person@example.org', password: 'correct horse battery' };
const METRICS_TOKEN = 'metrics-token-metrics-token';
const PRODUCTION = { PUBLIC_URL: 'https://comments.example.com', SPAM_DEFENCES: 'off', LOG_FORMAT: 'json' };

/** A database with a site and its owner, as a production install has after its setup. */
async function prepared(_dir: string, dbPath: string): Promise<void> {
  const { db, close } = openSqlite(dbPath);
  await createSiteIfMissing(db, { id: 'news', name: 'News', allowedOrigins: [ORIGIN], moderationMode: 'post' }, Date.now());
  await createEditor(db, { email: OWNER.email, role: 'owner', password: OWNER.password }, Date.now());
  close();
}

async function send(server: ServerProcess, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method,
    headers: { Origin: ORIGIN, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function until(what: string, test: () => boolean | Promise<boolean>, tries = 300): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await test()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`gave up waiting for ${what}`);
}

const jsonLines = (output: string) =>
  output
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('logs', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess({ ...PRODUCTION, TRUST_PROXY: 'on', OUTBOX_INTERVAL_MS: '200' }, { bundle: true, prepare: prepared });
  });
  afterAll(() => server?.stop());

  it('writes one JSON line per request with its id, route pattern, status, duration and site, and no email or IP address in any line', async () => {
    const ip = '203.0.113.77';
    const asReader = { 'X-Forwarded-For': ip };
    const answers: Response[] = [];
    answers.push(await send(server, 'POST', '/api/v1/sites/news/comments', { page: '/story', authorName: 'Ada', authorEmail: 'ada.reader@example.net', body: 'A first comment on the story.' }, asReader));
    answers.push(await send(server, 'GET', '/api/v1/sites/news/comments?page=%2Fstory', undefined, asReader));
    answers.push(await send(server, 'POST', '/api/v1/sites/news/subscriptions', { email: 'sub.scriber@example.net' }, asReader));
    answers.push(await send(server, 'POST', '/api/v1/sites/news/auth/email', { email: 'magic.reader@example.net', returnUrl: `${ORIGIN}/story` }, asReader));
    const dashboard = { ...asReader, Origin: PRODUCTION.PUBLIC_URL };
    answers.push(await send(server, 'POST', '/api/v1/admin/session', OWNER, dashboard));
    answers.push(await send(server, 'POST', '/api/v1/admin/session', { ...OWNER, password: 'a wrong password!' }, dashboard));
    expect(answers.map((a) => a.status)).toEqual([201, 200, 202, 202, 200, 401]);
    // The outbox drains into the development mailbox meanwhile; let it run once at least.
    await until('the outbox drain', () => server.output().includes('mail kept in the development mailbox'));

    const ids = answers.map((a) => a.headers.get('X-Request-Id')!);
    // The child's stdout reaches this process on its own schedule, after the answers may have.
    await until('every request line', () => ids.every((id) => server.output().includes(id)));
    const lines = jsonLines(server.output());
    expect(new Set(ids).size).toBe(ids.length);
    for (const [i, id] of ids.entries()) {
      const mine = lines.filter((l) => l.reqId === id);
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ msg: 'request', status: answers[i]!.status, level: 'info' });
      expect(typeof mine[0]!.durationMs).toBe('number');
      expect(typeof mine[0]!.time).toBe('string');
    }
    expect(lines.find((l) => l.reqId === ids[0])).toMatchObject({ method: 'POST', route: '/api/v1/sites/:site/comments', site: 'news' });
    expect(lines.find((l) => l.reqId === ids[1])).toMatchObject({ method: 'GET', route: '/api/v1/sites/:site/comments' });
    expect(lines.find((l) => l.reqId === ids[4])).toMatchObject({ route: '/api/v1/admin/session' });

    const output = server.output();
    expect(output.match(/[\w.+-]+@[\w-]+(\.[\w-]+)*/g) ?? []).toEqual([]);
    expect(output).not.toContain(ip);
    expect(output).not.toMatch(/127\.0\.0\.1|::1|::ffff:/);
  });

  it("takes X-Request-Id from the trusted proxy when it is well-formed, and makes one otherwise", async () => {
    const given = await send(server, 'GET', '/api/v1/health', undefined, { 'X-Request-Id': 'proxy-7f3a.42' });
    expect(given.headers.get('X-Request-Id')).toBe('proxy-7f3a.42');
    const forged = await send(server, 'GET', '/api/v1/health', undefined, { 'X-Request-Id': 'x" injected="1' });
    expect(forged.headers.get('X-Request-Id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('readiness and metrics', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess({ ...PRODUCTION, METRICS_TOKEN }, { bundle: true, prepare: prepared });
  });
  afterAll(() => server?.stop());

  const metrics = async () => {
    const res = await fetch(`${server.url}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toContain('text/plain');
    return res.text();
  };

  it('ignores X-Request-Id from clients when TRUST_PROXY is off', async () => {
    const res = await send(server, 'GET', '/api/v1/health', undefined, { 'X-Request-Id': 'client-chosen-id' });
    expect(res.headers.get('X-Request-Id')).not.toBe('client-chosen-id');
  });

  it('refuses /metrics without the token or with another one', async () => {
    const none = await fetch(`${server.url}/metrics`);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    expect((await fetch(`${server.url}/metrics`, { headers: { Authorization: 'Bearer metrics-token-metrics-tokeN' } })).status).toBe(401);
    expect((await fetch(`${server.url}/metrics`, { headers: { Authorization: METRICS_TOKEN } })).status).toBe(401);
  });

  it('counts a posted comment, requests by route, listing cache lookups, the queue, the outbox and the database files', async () => {
    const before = await metrics();
    expect(before).toContain('parley_comments_posted_total{outcome="approved"} 0');
    const posted = await send(server, 'POST', '/api/v1/sites/news/comments', { page: '/m', authorName: 'Bo', body: 'Counted, I hope.' });
    expect(posted.status).toBe(201);
    await send(server, 'GET', '/api/v1/sites/news/comments?page=%2Fm');
    await send(server, 'GET', '/api/v1/sites/news/comments?page=%2Fm');
    const after = await metrics();
    expect(after).toContain('parley_comments_posted_total{outcome="approved"} 1');
    expect(after).toMatch(/parley_http_requests_total\{method="POST",route="\/api\/v1\/sites\/:site\/comments",status="201"\} 1\n/);
    expect(after).toMatch(/parley_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/sites\/:site\/comments",status="200"\} 2\n/);
    expect(after).toContain('parley_listing_cache_lookups_total{result="hit"} 1');
    expect(after).toContain('parley_listing_cache_lookups_total{result="miss"} 1');
    expect(after).toMatch(/parley_listing_cache_bytes [1-9]\d*\n/);
    expect(after).toContain('parley_moderation_queue_size 0');
    expect(after).toContain('parley_outbox_messages{status="queued"} 0');
    expect(after).toMatch(/parley_sqlite_file_bytes\{file="db"\} [1-9]\d*\n/);
    expect(after).toMatch(/process_resident_memory_bytes [1-9]/);
    expect(after).toContain('parley_build_info{version="0.1.0"} 1');
  });

  it('answers /ready 503 with what is wrong once the database file is gone from its path (even for root)', async () => {
    const ok = await fetch(`${server.url}/api/v1/ready`);
    expect(ok.status).toBe(200);
    // Moved away and a folder in its place: chmod would not stop root, this does.
    renameSync(server.dbPath, `${server.dbPath}.moved`);
    mkdirSync(server.dbPath);
    const res = await fetch(`${server.url}/api/v1/ready`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { status: string; version: string; checks: Record<string, string> };
    expect(body.status).toBe('not_ready');
    expect(body.version).toBe('0.1.0');
    expect(body.checks.storage).toContain('is no longer a file');
    // Liveness stays cheap and unaffected.
    expect((await fetch(`${server.url}/api/v1/health`)).status).toBe(200);
  });
});

describe('/metrics without METRICS_TOKEN', () => {
  it('is off', async () => {
    const server = await startServerProcess(PRODUCTION, { bundle: true });
    try {
      expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
    } finally {
      await server.stop();
    }
  });
});

/** A POST whose body arrives in two parts, so the request is in flight until `finish()`. */
function slowPost(url: string, body: string) {
  const req = httpRequest(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), Origin: ORIGIN } });
  const response = new Promise<{ status: number; body: string }>((done, fail) => {
    req.on('response', (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d));
      res.on('end', () => done({ status: res.statusCode!, body: text }));
    });
    req.on('error', fail);
  });
  // Resolves once the headers and the first bytes are on the socket (so it is connected).
  const sent = new Promise<void>((done) => req.write(body.slice(0, 20), () => done()));
  return { response, sent, finish: () => req.end(body.slice(20)) };
}

/**
 * Waits until the server holds these requests, instead of a fixed pause: they are on connected
 * sockets, and a request sent after them has been answered, so the server accepted them first
 * (connections are accepted in order) and has read their headers.
 */
async function heldByServer(url: string, posts: { sent: Promise<void> }[]): Promise<void> {
  await Promise.all(posts.map((p) => p.sent));
  expect((await fetch(`${url}/api/v1/health`)).status).toBe(200);
}

describe('graceful shutdown', () => {
  it('on SIGTERM stops accepting, lets the requests in flight finish, and exits 0', async () => {
    const server = await startServerProcess({ ...PRODUCTION, SHUTDOWN_TIMEOUT: '20s' }, { bundle: true, prepare: prepared });
    const inFlight = Array.from({ length: 20 }, (_, i) => slowPost(`${server.url}/api/v1/sites/news/comments`, JSON.stringify({ page: '/load', authorName: `Reader ${i}`, body: `Comment ${i} posted while the server stops.` })));
    // Plus ordinary traffic on the side up to the signal.
    const side = Array.from({ length: 30 }, () => fetch(`${server.url}/api/v1/sites/news/comments?page=%2Fload`).then((r) => r.status));
    await Promise.all(side);
    await heldByServer(server.url, inFlight);
    const exit = server.signal('SIGTERM');
    await until('the shutdown to begin', () => server.output().includes('shutting down'));
    await expect(fetch(`${server.url}/api/v1/health`)).rejects.toThrow();
    for (const r of inFlight) r.finish();
    const answers = await Promise.all(inFlight.map((r) => r.response));
    expect(answers.map((a) => a.status)).toEqual(inFlight.map(() => 201));
    expect(await exit).toBe(0);
    const db = new Database(server.dbPath, { readonly: true });
    try {
      expect(db.prepare(`select count(*) as n from comments where site_id = 'news'`).get()).toEqual({ n: 20 });
    } finally {
      db.close();
    }
    expect(server.output()).toContain('"msg":"stopped"');
    await server.stop();
  });

  it('exits with status 1 when a request outlasts SHUTDOWN_TIMEOUT', async () => {
    const server = await startServerProcess({ ...PRODUCTION, SHUTDOWN_TIMEOUT: '1s' }, { bundle: true, prepare: prepared });
    const stuck = slowPost(`${server.url}/api/v1/sites/news/comments`, JSON.stringify({ page: '/x', authorName: 'X', body: 'never finished' }));
    stuck.response.catch(() => {});
    await heldByServer(server.url, [stuck]);
    expect(await server.signal('SIGTERM')).toBe(1);
    expect(server.output()).toContain('shutdown took longer than SHUTDOWN_TIMEOUT');
    await server.stop();
  });

  it('exits at once on a second signal', async () => {
    const server = await startServerProcess({ ...PRODUCTION, SHUTDOWN_TIMEOUT: '60s' }, { bundle: true, prepare: prepared });
    const stuck = slowPost(`${server.url}/api/v1/sites/news/comments`, JSON.stringify({ page: '/x', authorName: 'X', body: 'never finished' }));
    stuck.response.catch(() => {});
    await heldByServer(server.url, [stuck]);
    const exit = server.signal('SIGTERM');
    await until('the shutdown to begin', () => server.output().includes('shutting down'));
    await server.signal('SIGINT');
    expect(await exit).toBe(130);
    await server.stop();
  });
});

describe('scheduled backups', () => {
  it('with BACKUP_EVERY=2s BACKUP_KEEP=2 writes backups that pass integrity_check, and keeps only two', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'parley-backups-')), 'backups');
    const again = await startServerProcess({ ...PRODUCTION, BACKUP_DIR: dir, BACKUP_EVERY: '2s', BACKUP_KEEP: '2', METRICS_TOKEN }, { bundle: true, prepare: prepared });
    try {
      await until('three scheduled backups', () => (again.output().match(/"msg":"backup written"/g) ?? []).length >= 3, 400);
      const files = readdirSync(dir);
      expect(files.filter((f) => /^parley-\d{8}T\d{9}Z\.db$/.test(f))).toHaveLength(2);
      expect(files.filter((f) => !/^parley-/.test(f))).toEqual([]);
      for (const f of files) {
        const copy = new Database(join(dir, f), { readonly: true });
        try {
          expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
          expect(copy.prepare('select id from sites').all()).toEqual([{ id: 'news' }]);
        } finally {
          copy.close();
        }
      }
      const text = await (await fetch(`${again.url}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } })).text();
      expect(Number(/parley_backups_total\{result="ok"\} (\d+)/.exec(text)?.[1])).toBeGreaterThanOrEqual(3);
    } finally {
      await again.stop();
      rmSync(dirname(dir), { recursive: true, force: true });
    }
  });

  it('logs and counts a backup that fails', async () => {
    const blocked = await startServerProcess({ ...PRODUCTION, BACKUP_DIR: '/dev/null/backups', BACKUP_EVERY: '1s', METRICS_TOKEN }, { bundle: true });
    try {
      await until('a failed backup', () => blocked.output().includes('"msg":"scheduled backup failed"'));
      const text = await (await fetch(`${blocked.url}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } })).text();
      expect(Number(/parley_backups_total\{result="failed"\} (\d+)/.exec(text)?.[1])).toBeGreaterThanOrEqual(1);
    } finally {
      await blocked.stop();
    }
  });
});
