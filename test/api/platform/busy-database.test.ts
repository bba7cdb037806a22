import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerProcess, startServerProcess } from '../../support/server-process.ts';

/**
 * Issue 12: `import parley` (any long write from another process) held the write lock for
 * seconds, and the server's writes waited for it synchronously (busy_timeout 5 s), which stood
 * the whole event loop still and then answered 500 "database is locked". Now the server waits a
 * quarter of a second at most and answers 503 `busy` with Retry-After; reads go on meanwhile.
 */
const ROOT = resolve(import.meta.dirname, '../../..');
const LIST = '/api/v1/sites/demo/comments';
const HOLD_MS = 4000;

let server: ServerProcess;
beforeAll(async () => {
  server = await startServerProcess({ SPAM_DEFENCES: 'off' });
});
afterAll(async () => server?.stop());

async function timed(path: string, init?: RequestInit): Promise<{ status: number; body: any; retryAfter: string | null; done: number; ms: number }> {
  const at = performance.now();
  const res = await fetch(`${server.url}${path}`, init);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, retryAfter: res.headers.get('Retry-After'), done: Date.now(), ms: performance.now() - at };
}

const postComment = (n: number) =>
  timed(LIST, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: server.url },
    body: JSON.stringify({ page: '/busy', authorName: 'Reader', body: `Comment ${n} while the database is busy.` }),
  });

describe('the server while another process holds the write lock', () => {
  it('answers reads at once and writes with 201 or 503 busy + Retry-After, never 500, and never stalls the event loop', async () => {
    expect((await postComment(0)).status).toBe(201);
    const holder = spawn(process.execPath, ['--import', 'tsx', 'test/support/lock-holder.ts', server.dbPath, String(HOLD_MS)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const events: Record<string, number> = {};
    let errors = '';
    holder.stderr!.on('data', (d) => (errors += d));
    const locked = new Promise<void>((done) =>
      holder.stdout!.on('data', (d: Buffer) => {
        for (const [, name, at] of String(d).matchAll(/(locked|released) (\d+)/g)) events[name!] = Number(at);
        if (events.locked) done();
      }),
    );
    const exited = new Promise<number | null>((done) => holder.once('exit', (code) => done(code)));
    await locked;

    // Writes and reads at once, as traffic would come, while the lock is held.
    const started = Date.now();
    const [writes, reads] = await Promise.all([
      Promise.all(Array.from({ length: 8 }, (_, i) => postComment(i + 1))),
      Promise.all(Array.from({ length: 20 }, () => timed(`${LIST}?page=/busy`))),
    ]);
    // Then reads one after another: each is answered while the other process still writes.
    const sequential = [];
    for (let i = 0; i < 10; i++) sequential.push(await timed(`${LIST}?page=/busy`));
    expect(await exited, errors).toBe(0);

    for (const w of writes) {
      expect([201, 503]).toContain(w.status);
      if (w.status === 503) {
        expect(w.body.error.code).toBe('busy');
        expect(Number(w.retryAfter)).toBeGreaterThan(0);
      }
    }
    expect(writes.some((w) => w.status === 503)).toBe(true);
    for (const r of [...reads, ...sequential]) expect(r.status).toBe(200);
    // Every request was answered before the other process let go of the lock: none of them (and
    // nothing else on the event loop) waited for it. Before the fix they all finished after it.
    expect(started).toBeGreaterThanOrEqual(events.locked!);
    const last = Math.max(...[...writes, ...reads, ...sequential].map((r) => r.done));
    expect(last).toBeLessThan(events.released!);
    expect(server.output()).not.toMatch(/unhandled error/);
    const slowest = (list: { ms: number }[]) => Math.round(Math.max(...list.map((r) => r.ms)));
    console.log(`lock held ${events.released! - events.locked!} ms; slowest write ${slowest(writes)} ms, concurrent read ${slowest(reads)} ms, sequential read ${slowest(sequential)} ms`);

    // And once it has, writes go through again.
    expect((await postComment(99)).status).toBe(201);
  }, 30_000);
});
