/**
 * `npm run dev:worker` works on this machine without a network: wrangler dev with a local D1
 * migrated first, static assets with the same headers as the Node server, the dashboard's routes,
 * and the demo site and article as on Node. (npm run dev:worker builds first; the global setup
 * has built dist/ already, so the test starts the script after that step.)
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { ROOT } from '../../../server/cli/wrangler.ts';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 180_000 });

let child: ChildProcess | undefined;
let base = '';
let output = '';
const persist = mkdtempSync(join(tmpdir(), 'parley-dev-worker-'));

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

beforeAll(async () => {
  const port = await freePort();
  base = `http://localhost:${port}`;
  // Its own process group, so the test can stop wrangler and workerd with it and nothing else.
  child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/dev-worker.ts', '--port', String(port), '--persist-to', persist], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`dev:worker did not start:\n${output}`)), 170_000);
    const read = (d: Buffer) => {
      output += d.toString();
      if (/Ready on http/.test(output)) {
        clearTimeout(timer);
        ready();
      }
    };
    child!.stdout!.on('data', read);
    child!.stderr!.on('data', read);
    child!.once('exit', (code) => fail(new Error(`dev:worker exited with ${code}:\n${output}`)));
  });
});

afterAll(() => {
  if (child?.pid) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
  rmSync(persist, { recursive: true, force: true });
});

it('serves the demo article and its seeded discussion', async () => {
  const page = await fetch(`${base}/`);
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain(`${base}/embed.js`);
  const key = /<link rel="canonical" href="[^"]*?(\/articles\/[^"]+)"/.exec(html)![1]!;
  const list = (await (await fetch(`${base}/api/v1/sites/demo/comments?page=${encodeURIComponent(key)}`)).json()) as { page: { commentCount: number } };
  expect(list.page.commentCount).toBeGreaterThan(0);
  // The Worker's log reaches wrangler's output a moment after the response.
  await vi.waitFor(() => expect(output).toMatch(/First owner created/), { timeout: 20_000, interval: 200 });
  // The Worker names the owner but never logs a password (it would stay in Cloudflare's logs).
  const password = /^PARLEY_ADMIN_PASSWORD=(.+)$/m.exec(readFileSync(join(ROOT, '.dev.vars'), 'utf8'))![1]!;
  expect(/First owner created[^\n]*/.exec(output)![0]).not.toContain(password);
  expect(output).not.toMatch(/update available|Unable to fetch the `Request.cf`/);
});

it('serves the widget from static assets with the Node server’s cache and CORS headers', async () => {
  const loader = await fetch(`${base}/embed.js`);
  expect(loader.status).toBe(200);
  expect(loader.headers.get('Cache-Control')).toBe('public, max-age=300');
  expect(loader.headers.get('Access-Control-Allow-Origin')).toBe('*');
  const chunk = /parley-app-[a-z0-9]+\.js/.exec(await loader.text())![0];
  const app = await fetch(`${base}/${chunk}`);
  expect(app.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
});

it('answers the dashboard’s routes with its index.html, not cached and not frameable', async () => {
  for (const path of ['/admin', '/admin/queue/pending']) {
    const res = await fetch(`${base}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('no-cache');
    expect(res.headers.get('X-Frame-Options')).toBe('DENY');
    expect(await res.text()).toMatch(/<script[^>]+admin-[A-Z0-9]+\.js/);
  }
});
