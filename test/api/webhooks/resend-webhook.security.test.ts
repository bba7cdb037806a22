import { sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { atomic } from '../../../db/atomic.ts';
import { enqueueStatement } from '../../../server/mail/outbox.ts';
import { makeTestApp, type TestApp, WEBHOOK_SECRET } from '../../support/test-app.ts';

let t: TestApp;
const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.close());

function signed(event: unknown, options: { id?: string; at?: Date; secret?: string } = {}) {
  const body = JSON.stringify(event);
  const id = options.id ?? `msg_${Math.random().toString(36).slice(2)}`;
  const at = options.at ?? new Date(NOW);
  const signature = new Webhook(options.secret ?? WEBHOOK_SECRET).sign(id, at, body);
  return { body, headers: { 'svix-id': id, 'svix-timestamp': String(Math.floor(at.getTime() / 1000)), 'svix-signature': signature, 'Content-Type': 'application/json' } };
}
const send = ({ body, headers }: ReturnType<typeof signed>) => t.app.request('/webhooks/resend', { method: 'POST', body, headers });

async function subscribeConfirmed(email: string) {
  await t.post('/api/v1/sites/news/subscriptions', { email });
  const mail = await t.db.get<{ text: string }>(sql`select text from outbox where to_email = ${email}`);
  await t.app.request(/\/newsletter\/confirm\/[\w.-]+/.exec(mail.text)![0], { method: 'POST' });
}

describe('POST /webhooks/resend', () => {
  it('puts a permanently bounced address on the suppression list and blocks its subscriptions', async () => {
    await subscribeConfirmed('gone@example.com');
    const res = await send(signed({ type: 'email.bounced', data: { email_id: 'e1', to: ['Gone@example.com'], bounce: { type: 'Permanent', message: 'mailbox does not exist' } } }));
    expect(res.status).toBe(200);
    expect(await t.db.all(sql`select email, reason from suppressions`)).toEqual([{ email: 'gone@example.com', reason: 'bounce' }]);
    expect(await t.db.all(sql`select status from subscribers`)).toEqual([{ status: 'blocked' }]);
    expect(await t.db.all(sql`select status from subscriptions`)).toEqual([{ status: 'unsubscribed' }]);
    // A later sign-up looks the same to the caller but mails nothing.
    const before = (await t.db.get<{ n: number }>(sql`select count(*) as n from outbox`)).n;
    expect((await t.post('/api/v1/sites/news/subscriptions', { email: 'gone@example.com' })).status).toBe(202);
    expect((await t.db.get<{ n: number }>(sql`select count(*) as n from outbox`)).n).toBe(before);
  });

  it('suppresses on a complaint, but not on a transient bounce', async () => {
    await send(signed({ type: 'email.bounced', data: { to: ['soft@example.com'], bounce: { type: 'Transient' } } }));
    await send(signed({ type: 'email.complained', data: { to: ['angry@example.com'] } }));
    expect(await t.db.all(sql`select email, reason from suppressions`)).toEqual([{ email: 'angry@example.com', reason: 'complaint' }]);
  });

  it('records delivery on the outbox row', async () => {
    await atomic(t.db, [enqueueStatement(t.db, { siteId: 'news', kind: 'test', to: 'a@example.com', subject: 's', html: 'h', text: 't' }, NOW)]);
    await t.db.run(sql`update outbox set status = 'sent', provider_id = 'prov-1'`);
    expect((await send(signed({ type: 'email.delivered', data: { email_id: 'prov-1', to: ['a@example.com'] } }))).status).toBe(200);
    expect(await t.db.get(sql`select status from outbox`)).toEqual({ status: 'delivered' });
  });

  it('refuses a wrong signature, a wrong secret, a tampered body and a missing header', async () => {
    const good = signed({ type: 'email.complained', data: { to: ['x@example.com'] } });
    const cases = [
      { ...good, headers: { ...good.headers, 'svix-signature': 'v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' } },
      signed({ type: 'email.complained', data: { to: ['x@example.com'] } }, { secret: 'whsec_c2VjcmV0LW90aGVyLW90aGVyLW90aGVyLW90aGVy' }),
      { ...good, body: good.body.replace('x@example.com', 'victim@example.com') },
      { ...good, headers: { 'Content-Type': 'application/json' } },
    ];
    for (const c of cases) {
      const res = await send(c as ReturnType<typeof signed>);
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe('unauthorized');
    }
    expect(await t.db.all(sql`select * from suppressions`)).toEqual([]);
  });

  it('refuses old timestamps and acts once on a replayed event', async () => {
    const old = signed({ type: 'email.complained', data: { to: ['x@example.com'] } }, { at: new Date(NOW - 10 * 60_000) });
    expect((await send(old)).status).toBe(401);
    const event = signed({ type: 'email.complained', data: { to: ['x@example.com'] } }, { id: 'msg_same' });
    expect((await send(event)).status).toBe(200);
    const replay = await send(event);
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual({ received: true, duplicate: true });
  });
});
