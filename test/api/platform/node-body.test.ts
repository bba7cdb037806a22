import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps, AppEnv } from '../../../server/app-env.ts';
import { nodeBodyText } from '../../../server/entry/node-body.ts';
import { AppError } from '../../../server/errors.ts';
import { MAX_BODY_BYTES, readJsonBody } from '../../../server/http/json-body.ts';

// The Node entry reads JSON bodies straight from the IncomingMessage (server/entry/node-body.ts):
// it must give what c.req.text() gives, keep the size limit for bodies without Content-Length,
// and hand the parsed body to a second reader (the spam checks) without reading the stream twice.
describe('reading a JSON body from Node’s request stream', () => {
  let server: ServerType;
  let url: string;
  /** Whether each read went the fast way (a promise from nodeBodyText) rather than c.req.text(). */
  const direct: boolean[] = [];
  beforeAll(async () => {
    const app = new Hono<AppEnv>();
    app.use('*', async (c, next) => {
      const readBodyText: AppDeps['readBodyText'] = (context, maxBytes) => {
        const text = nodeBodyText(context, maxBytes);
        direct.push(text !== undefined);
        return text;
      };
      c.set('deps', { readBodyText } as unknown as AppDeps);
      await next();
    });
    app.post('/echo', async (c) => {
      try {
        const first = await readJsonBody(c);
        const second = await readJsonBody(c);
        // A validator reading the body the Hono way afterwards gets the same JSON.
        const again: unknown = await c.req.json();
        return c.json({ first, same: first === second && JSON.stringify(again) === JSON.stringify(first), read: c.env !== undefined });
      } catch (error) {
        if (error instanceof AppError) return c.json({ code: error.code }, 413);
        return c.json({ code: 'not_json' }, 400);
      }
    });
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('parses a body sent with Content-Length, once, for every reader', async () => {
    const res = await fetch(`${url}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ body: 'héllo 👋' }) });
    expect(await res.json()).toEqual({ first: { body: 'héllo 👋' }, same: true, read: true });
    // Read from the stream once: the second reader got the kept value.
    expect(direct).toEqual([true]);
  });

  it('decodes as Request.text() does: a leading BOM is dropped, bad bytes become U+FFFD', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":"'), Buffer.from([0xff]), Buffer.from('"}')]);
    const res = await fetch(`${url}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bytes });
    expect((await res.json()).first).toEqual({ a: '\uFFFD' });
  });

  it('reads a chunked body (no Content-Length) and refuses one past the limit', async () => {
    const chunked = (text: string) =>
      fetch(`${url}/echo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: new ReadableStream({
          start(controller) {
            for (let i = 0; i < text.length; i += 4096) controller.enqueue(new TextEncoder().encode(text.slice(i, i + 4096)));
            controller.close();
          },
        }),
        duplex: 'half',
      } as RequestInit);
    const small = await chunked(JSON.stringify({ body: 'x'.repeat(10_000) }));
    expect(((await small.json()).first as { body: string }).body).toHaveLength(10_000);
    const large = await chunked(JSON.stringify({ body: 'x'.repeat(MAX_BODY_BYTES) }));
    expect(large.status).toBe(413);
    expect(await large.json()).toEqual({ code: 'payload_too_large' });
    // The connection is still good for the next request.
    const after = await fetch(`${url}/echo`, { method: 'POST', body: '{"ok":1}' });
    expect((await after.json()).first).toEqual({ ok: 1 });
  });

  it('refuses a body that is not JSON', async () => {
    const res = await fetch(`${url}/echo`, { method: 'POST', body: '{"unfinished' });
    expect(res.status).toBe(400);
  });
});
