import { afterEach, describe, expect, it } from 'vitest';
import { publicOnlyFetch } from '../../../server/entry/node-webhook-fetch.ts';
import { startReceiver } from '../../support/webhook-receiver.ts';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function receiver(answer?: (n: number) => number) {
  const r = await startReceiver(answer);
  closers.push(r.close);
  return r;
}

describe('the Node entry’s webhook fetch', () => {
  it('refuses to connect to a name that resolves to a private address, at connect time', async () => {
    const r = await receiver();
    const url = r.url.replace('127.0.0.1', 'localhost');
    await expect(publicOnlyFetch()(url, { method: 'POST', body: '{}' })).rejects.toThrow(/resolves to (127\.0\.0\.1|::1), a private or reserved address/);
    expect(r.received).toHaveLength(0);
  });

  it('sends the body and headers and answers the status and body, following no redirect', async () => {
    const r = await receiver((n) => (n === 1 ? 200 : 302));
    const send = publicOnlyFetch(() => true);
    const url = r.url.replace('127.0.0.1', 'localhost');
    const ok = await send(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'webhook-id': 'msg_1' }, body: '{"a":1}' });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('ok, thanks');
    expect(r.received[0]).toMatchObject({ body: '{"a":1}', headers: expect.objectContaining({ 'webhook-id': 'msg_1', 'content-length': '7' }) });
    const moved = await send(url, { method: 'POST', body: '{}' });
    expect(moved.status).toBe(302);
    expect(r.received).toHaveLength(2);
  });

  it('gives up when the signal says so', async () => {
    const send = publicOnlyFetch(() => true);
    const controller = new AbortController();
    controller.abort();
    const r = await receiver();
    await expect(send(r.url, { method: 'POST', body: '{}', signal: controller.signal })).rejects.toThrow();
  });
});
