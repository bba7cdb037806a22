import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { atomic } from '../../../db/atomic.ts';
import { openSqlite, type OpenedSqlite } from '../../../db/open-sqlite.ts';
import { outbox, suppressions } from '../../../db/schema.ts';
import { resendMailer } from '../../../server/mail/resend-mailer.ts';
import { backoffMs, drainOutbox, enqueueStatement, MAX_ATTEMPTS } from '../../../server/mail/outbox.ts';
import { FakeResend } from '../../support/fake-resend.ts';

let opened: OpenedSqlite;
let fake: FakeResend;
let clock: number;
beforeEach(async () => {
  opened = openSqlite(':memory:');
  fake = await new FakeResend().start();
  clock = Date.UTC(2026, 10, 25, 12);
});
afterEach(async () => {
  opened.close();
  await fake.stop();
});

const mailer = (timeoutMs?: number) => resendMailer('re_test_key', { baseUrl: fake.url, ...(timeoutMs ? { timeoutMs } : {}) });
const drain = (m = mailer()) => drainOutbox(opened.db, { mailer: m, from: 'News <news@example.com>', now: () => clock });

async function queue(n: number, extra: Partial<{ to: (i: number) => string }> = {}): Promise<void> {
  const { db } = opened;
  const statements = Array.from({ length: n }, (_, i) =>
    enqueueStatement(db, { siteId: null, kind: 'test', to: extra.to?.(i) ?? `reader${i}@example.com`, subject: `Hello ${i}`, html: `<p>Hello ${i}</p>`, text: `Hello ${i}`, headers: { 'List-Unsubscribe': `<https://x/u/${i}>` } }, clock),
  );
  for (let i = 0; i < statements.length; i += 200) await atomic(db, statements.slice(i, i + 200));
}
async function statuses(): Promise<Record<string, number>> {
  const rows = await opened.db.all<{ status: string; n: number }>(sql`select status, count(*) as n from outbox group by status`);
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

describe('outbox drain with the real resend SDK against a fake Resend', () => {
  it('sends in batches of at most 100 with the API key, permissive validation and an idempotency key', async () => {
    await queue(250);
    const report = await drain();
    expect(report).toMatchObject({ sent: 250, failed: 0, calls: 3 });
    expect(fake.calls.map((c) => [c.path, Array.isArray(c.body) ? c.body.length : 1])).toEqual([
      ['/emails/batch', 100],
      ['/emails/batch', 100],
      ['/emails/batch', 50],
    ]);
    expect(fake.calls.every((c) => c.authorization === 'Bearer re_test_key' && c.batchValidation === 'permissive' && c.idempotencyKey)).toBe(true);
    expect(fake.delivered).toHaveLength(250);
    expect(fake.delivered.find((d) => d.to === 'reader0@example.com')).toMatchObject({ to: 'reader0@example.com', subject: 'Hello 0', text: 'Hello 0', headers: { 'List-Unsubscribe': '<https://x/u/0>' } });
    expect(await statuses()).toEqual({ sent: 250 });
    expect((await drain()).calls).toBe(0);
  });

  it('sends a single message through /emails with its own idempotency key', async () => {
    await queue(1);
    await drain();
    const row = await opened.db.select().from(outbox).get();
    expect(fake.calls[0]).toMatchObject({ path: '/emails', idempotencyKey: row!.idempotencyKey });
    expect(row).toMatchObject({ status: 'sent', providerId: 'fake-1', attempts: 1 });
  });

  it('does not send twice when a drain crashes between sending and bookkeeping', async () => {
    await queue(3);
    // A drain whose process dies right after the provider accepted the batch: the rows stay
    // claimed and unmarked.
    const dying = { ...mailer(), send: async (...args: Parameters<ReturnType<typeof mailer>['send']>) => {
      await mailer().send(...args);
      throw new Error('process killed');
    } };
    await expect(drain(dying)).rejects.toThrow('process killed');
    expect(fake.delivered).toHaveLength(3);
    // Before the lease lapses nobody touches the rows; after it, a new drain resends with the same keys.
    expect((await drain()).calls).toBe(0);
    clock += 3 * 60_000;
    const report = await drain();
    expect(report.sent).toBe(3);
    expect(fake.calls.at(-1)!.idempotencyKey).toBe(fake.calls[0]!.idempotencyKey);
    expect(fake.delivered).toHaveLength(3);
    expect(await statuses()).toEqual({ sent: 3 });
  });

  it('backs off on 429 for as long as retry-after says, sending nothing meanwhile', async () => {
    await queue(2);
    fake.answerNext({ status: 429, headers: { 'retry-after': '7' } });
    const first = await drain();
    expect(first.rateLimitedForMs).toBe(7000);
    expect(fake.delivered).toHaveLength(0);
    clock += 6000;
    expect((await drain()).calls).toBe(0);
    clock += 1001;
    expect((await drain()).sent).toBe(2);
  });

  it('retries 5xx and timeouts with exponential backoff, keeping the idempotency key', async () => {
    await queue(1);
    fake.answerNext({ status: 500 }, { hang: true });
    expect((await drain()).retried).toBe(1);
    clock += backoffMs(1);
    expect((await drain(mailer(300))).retried).toBe(1);
    const row = await opened.db.select().from(outbox).get();
    expect(row).toMatchObject({ status: 'queued', attempts: 2 });
    expect(row!.lastError).toMatch(/network|Unable to fetch/);
    clock += backoffMs(2) - 1;
    expect((await drain()).calls).toBe(0);
    clock += 1;
    expect((await drain()).sent).toBe(1);
    const keys = new Set(fake.calls.map((c) => c.idempotencyKey));
    expect(keys.size).toBe(1);
  });

  it('gives up after the last attempt and records the provider error', async () => {
    await queue(1);
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      fake.answerNext({ status: 503 });
      await drain();
      clock += backoffMs(i + 1);
    }
    const row = await opened.db.select().from(outbox).get();
    expect(row).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
    expect(row!.lastError).toContain('HTTP 503');
  });

  it('records a permanent refusal at once, and per message in a permissive batch', async () => {
    await queue(3);
    fake.answerNext({ rejectIndexes: [1] });
    const report = await drain();
    expect(report).toMatchObject({ sent: 2, failed: 1 });
    const failed = await opened.db.select().from(outbox).where(sql`status = 'failed'`).get();
    expect(failed!.toEmail).toBe(fake.calls[0]!.body[1].to[0]);
    expect(failed!.lastError).toContain('invalid');
    await queue(1, { to: () => 'x@example.com' });
    fake.answerNext({ status: 422, body: { name: 'validation_error', message: 'Invalid `from` field.', statusCode: 422 } });
    expect((await drain()).failed).toBe(1);
  });

  it('never mails a suppressed address', async () => {
    await opened.db.insert(suppressions).values({ email: 'reader1@example.com', reason: 'bounce', createdAt: clock });
    await queue(3);
    const report = await drain();
    expect(report).toMatchObject({ sent: 2, suppressed: 1 });
    expect(fake.delivered.map((d) => d.to)).not.toContain('reader1@example.com');
  });

  it('queues an email once per idempotency key', async () => {
    const { db } = opened;
    const email = { siteId: null, kind: 'test', to: 'a@example.com', subject: 's', html: 'h', text: 't', idempotencyKey: 'confirm-123' };
    await atomic(db, [enqueueStatement(db, email, clock)]);
    await atomic(db, [enqueueStatement(db, email, clock)]);
    expect(await statuses()).toEqual({ queued: 1 });
  });
});
