/**
 * The app's request observer and error logging, with a capturing logger in place of pino: an
 * unexpected error is logged once, with its request id and stack, and the request line after it.
 */
import { expect, it } from 'vitest';
import { openSqlite } from '../../../db/open-sqlite.ts';
import { createApp } from '../../../server/app.ts';
import { createSiteIfMissing } from '../../../server/features/sites/sites.repo.ts';
import { Hono } from 'hono';
import type { AppEnv } from '../../../server/app-env.ts';
import { type AppMetrics, type Logger, observeRequests } from '../../../server/http/observability.ts';

function capturing() {
  const lines: { level: string; fields: Record<string, unknown>; message: string | undefined }[] = [];
  const at = (level: string) => (fields: object, message?: string) => lines.push({ level, fields: fields as Record<string, unknown>, message });
  const logger: Logger = { info: at('info'), warn: at('warn'), error: at('error') };
  return { lines, logger };
}

it('logs an unexpected error once with its request id and stack, answers 500 in the envelope, and /ready says the database fails', async () => {
  const { db, sqlite } = openSqlite(':memory:');
  await createSiteIfMissing(db, { id: 'news', name: 'News', allowedOrigins: [], moderationMode: 'post' }, Date.now());
  const { lines, logger } = capturing();
  const unstructured: unknown[] = [];
  const app = createApp(
    { db, now: () => Date.now(), publicUrl: 'http://parley.test', secret: 'test-secret-test-secret-test-secret', clientIp: () => '203.0.113.5', log: (m) => unstructured.push(m), logger },
    { demo: false },
  );
  // A site is cached after its first load; the listing that follows needs the database.
  expect((await app.request('/api/v1/sites/news/comments?page=/a')).status).toBe(200);
  sqlite.close();

  const res = await app.request('/api/v1/sites/news/comments?page=/b');
  expect(res.status).toBe(500);
  expect(((await res.json()) as { error: { code: string } }).error.code).toBe('internal_error');
  const id = res.headers.get('X-Request-Id');
  const errors = lines.filter((l) => l.level === 'error');
  expect(errors).toHaveLength(1);
  expect(errors[0]!.fields.reqId).toBe(id);
  expect((errors[0]!.fields.err as Error).stack).toContain('Error');
  const requestLines = lines.filter((l) => l.message === 'request' && l.fields.reqId === id);
  expect(requestLines).toHaveLength(1);
  expect(requestLines[0]!.fields).toMatchObject({ status: 500, route: '/api/v1/sites/:site/comments', method: 'GET' });
  expect(requestLines[0]!.fields).not.toHaveProperty('err');
  expect(unstructured).toEqual([]);

  const ready = await app.request('/api/v1/ready');
  expect(ready.status).toBe(503);
  const body = (await ready.json()) as { checks: Record<string, string> };
  expect(body.checks.database).toMatch(/^failed: /);
});

it('labels requests by route pattern, never by raw path', async () => {
  const { db, close } = openSqlite(':memory:');
  const { lines, logger } = capturing();
  const app = createApp({ db, now: () => Date.now(), publicUrl: 'http://parley.test', secret: 'test-secret-test-secret-test-secret', clientIp: () => undefined, log: () => {}, logger }, { demo: false });
  await app.request('/api/v1/sites/no-such-site/comments?page=/secret-page');
  await app.request('/no/such/path/token-abc');
  expect(lines.map((l) => l.fields.route)).toEqual(['/api/v1/sites/:site/comments', '(unmatched)']);
  expect(JSON.stringify(lines)).not.toContain('secret-page');
  expect(JSON.stringify(lines)).not.toContain('token-abc');
  close();
});

it("counts a posted comment's outcome from what the route stored, without reading the answer a second time", async () => {
  const { db, close } = openSqlite(':memory:');
  await createSiteIfMissing(db, { id: 'news', name: 'News', allowedOrigins: [], moderationMode: 'post' }, Date.now());
  const outcomes: string[] = [];
  const metrics: AppMetrics = { request: () => {}, commentPosted: (o) => outcomes.push(o) };
  const app = createApp({ db, now: () => Date.now(), publicUrl: 'http://parley.test', secret: 'test-secret-test-secret-test-secret', clientIp: () => '203.0.113.5', log: () => {}, metrics, spamDefences: false }, { demo: false });
  const post = (body: object) => app.request('/api/v1/sites/news/comments', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  expect((await post({ page: '/a', authorName: 'Ana', body: 'Published at once.' })).status).toBe(201);
  expect((await post({ page: '/a', authorName: 'Ana', body: '' })).status).toBe(400);
  expect(outcomes).toEqual(['approved']);
  close();

  // The observer alone: an answer whose body is read only by the client. Cloning it to parse the
  // status (as before) pulled the stream on the server, which on Node costs a post a tenth of its time.
  let pulls = 0;
  const bare = new Hono<AppEnv>();
  bare.use('*', observeRequests({ metrics }));
  bare.post('/api/v1/sites/:site/comments', (c) => {
    c.set('commentOutcome', 'pending');
    // No buffering ahead: the stream is pulled only when someone reads it.
    const body = new ReadableStream({ pull: (ctl) => void (pulls++, ctl.enqueue(new TextEncoder().encode('{}')), ctl.close()) }, { highWaterMark: 0 });
    return c.body(body, 201);
  });
  const res = await bare.request('/api/v1/sites/news/comments', { method: 'POST' });
  expect(res.status).toBe(201);
  expect(outcomes).toEqual(['approved', 'pending']);
  expect(pulls).toBe(0);
});
