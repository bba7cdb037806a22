/**
 * What only the Worker entry does: the Cron Triggers (outbox against the fake Resend, the hourly
 * housekeeping), the demo site and first owner on the first request, and failing fast without
 * its secret. Runs the bundled Worker inside workerd on a D1 database migrated by wrangler.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { outbox, rateLimits, spentTokens } from '../../../db/schema.ts';
import { HOUSEKEEPING_CRON, OUTBOX_CRON } from '../../../server/entry/worker-crons.ts';
import { FakeResend } from '../../support/fake-resend.ts';
import { startWorkerd, type WorkerdApp } from '../../support/workerd-app.ts';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

const PUBLIC_URL = 'http://parley.test';
let worker: WorkerdApp;
let resend: FakeResend;

beforeAll(async () => {
  resend = await new FakeResend().start();
  worker = await startWorkerd({
    PARLEY_SECRET: 'worker-runtime-secret-worker-runtime',
    PUBLIC_URL,
    RESEND_API_KEY: 're_worker_runtime',
    RESEND_BASE_URL: resend.url,
    MAIL_FROM: 'Parley <parley@example.com>',
    PARLEY_ADMIN_EMAIL: 'owner@example.com',
    PARLEY_ADMIN_PASSWORD: 'the first owner password',
    // Trusted-client mode: these tests are about the runtime, not the spam layers.
    SPAM_DEFENCES: 'off',
    // parley.test is not a localhost address, so the demo is asked for by name.
    PARLEY_DEMO: 'on',
  });
});
afterAll(async () => {
  await worker?.close();
  await resend?.stop();
});

const get = (path: string) => worker.fetch(new Request(`${PUBLIC_URL}${path}`));

describe('first request', () => {
  it('prepares the demo site with its article and seeded discussion, and the first owner', async () => {
    const article = await get('/');
    expect(article.status).toBe(200);
    expect(await article.text()).toContain('data-site="demo"');
    const slug = /<link rel="canonical" href="http:\/\/parley\.test(\/articles\/[^"]+)"/;
    const list = await get(`/api/v1/sites/demo/comments?page=${encodeURIComponent(slug.exec(await (await get('/')).text())![1]!)}`);
    expect(list.status).toBe(200);
    expect(((await list.json()) as { page: { commentCount: number } }).page.commentCount).toBeGreaterThan(0);
    const owners = await worker.db.all<{ email: string }>(sql`select email from editors where role = 'owner'`);
    expect(owners).toEqual([{ email: 'owner@example.com' }]);
  });

  it('without PARLEY_ADMIN_EMAIL and PARLEY_ADMIN_PASSWORD makes no owner with a generated password (it could only be shown in the log)', async () => {
    const bare = await startWorkerd({ PARLEY_SECRET: 'worker-runtime-secret-worker-runtime', PUBLIC_URL, SPAM_DEFENCES: 'off' });
    try {
      expect((await bare.fetch(new Request(`${PUBLIC_URL}/`))).status).toBe(200);
      expect(await bare.db.all(sql`select email from editors`)).toEqual([]);
      const signIn = await bare.fetch(
        new Request(`${PUBLIC_URL}/api/v1/admin/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'admin@localhost', password: 'anything at all' }) }),
      );
      expect(signIn.status).toBe(401);
    } finally {
      await bare.close();
    }
  });
});

describe('scheduled', () => {
  it(`the outbox cron (${OUTBOX_CRON}) sends due mail through Resend, once`, async () => {
    const res = await worker.fetch(
      new Request(`${PUBLIC_URL}/api/v1/sites/demo/subscriptions`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'cron@example.com' }) }),
    );
    expect(res.status).toBe(202);
    expect(resend.delivered).toEqual([]);
    await worker.scheduled(OUTBOX_CRON);
    expect(resend.delivered.map((m) => m.to)).toEqual(['cron@example.com']);
    expect(resend.calls[0]!.authorization).toBe('Bearer re_worker_runtime');
    const [row] = await worker.db.select().from(outbox).where(eq(outbox.toEmail, 'cron@example.com')).all();
    expect(row).toMatchObject({ status: 'sent', attempts: 1, providerId: resend.delivered[0]!.id });
    await worker.scheduled(OUTBOX_CRON);
    expect(resend.delivered).toHaveLength(1);
  });

  it('a Resend outage leaves the mail queued for a later run', async () => {
    await worker.fetch(
      new Request(`${PUBLIC_URL}/api/v1/sites/demo/subscriptions`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'outage@example.com' }) }),
    );
    resend.answerNext({ status: 503 });
    await worker.scheduled(OUTBOX_CRON);
    const [row] = await worker.db.select().from(outbox).where(eq(outbox.toEmail, 'outage@example.com')).all();
    expect(row).toMatchObject({ status: 'queued', attempts: 1 });
    expect(row!.lastError).toContain('503');
  });

  it(`the housekeeping cron (${HOUSEKEEPING_CRON}) deletes spent tokens and counters that can no longer matter`, async () => {
    const now = Date.now();
    await worker.db.insert(spentTokens).values([
      { key: 'expired', expiresAt: now - 1000 },
      { key: 'live', expiresAt: now + 3_600_000 },
    ]);
    await worker.db.insert(rateLimits).values([
      { key: 'old', count: 3, windowStart: now - 30 * 86_400_000, blockedUntil: 0 },
      { key: 'recent', count: 3, windowStart: now - 60_000, blockedUntil: 0 },
    ]);
    await worker.scheduled(HOUSEKEEPING_CRON);
    expect((await worker.db.select().from(spentTokens).all()).map((r) => r.key)).toEqual(['live']);
    expect((await worker.db.select({ key: rateLimits.key }).from(rateLimits).all()).map((r) => r.key)).not.toContain('old');
    expect((await worker.db.select({ key: rateLimits.key }).from(rateLimits).all()).map((r) => r.key)).toContain('recent');
  });
});

describe('configuration', () => {
  it('without PARLEY_SECRET every request fails with a message naming the fix', async () => {
    const bare = await startWorkerd({ PUBLIC_URL }, { migrate: false });
    try {
      const res = await bare.fetch(new Request(`${PUBLIC_URL}/api/v1/health`));
      expect(res.status).toBe(500);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.message).toContain('PARLEY_SECRET');
      expect(body.error.message).toContain('wrangler secret put PARLEY_SECRET');
    } finally {
      await bare.close();
    }
  });
});
