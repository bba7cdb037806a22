import { sql } from 'drizzle-orm';
import { createApp } from '../../../server/app.ts';
import type { Mailer, OutgoingMessage } from '../../../server/mail/mailer.ts';
import { drainOutbox } from '../../../server/mail/outbox.ts';
import { queueAlertDigests } from '../../../server/jobs/alert-digests.ts';
import type { TestApp } from '../../support/test-app.ts';

/** What makeTestApp signs with and links to. */
export const SECRET = 'test-secret-test-secret-test-secret';
export const PUBLIC_URL = 'http://parley.test';

export interface AlertRow {
  id: string;
  kind: string;
  to_email: string;
  site_id: string | null;
  subject: string;
  html: string;
  text: string;
  headers: string;
  idempotency_key: string;
}

/** The alert emails in the outbox, oldest first. */
export const alertRows = (t: TestApp) => t.db.all<AlertRow>(sql`select * from outbox where kind like 'alert-%' order by created_at, id`);

/** Runs the digest job as the entries do, at a given time. */
export const runDigests = (t: TestApp, now: number) => queueAlertDigests(t.db, { secret: SECRET, publicUrl: PUBLIC_URL, now });

/** Sends the outbox through a mailer that keeps what it was handed, as a provider would get it. */
export async function deliver(t: TestApp, now: number): Promise<OutgoingMessage[]> {
  const sent: OutgoingMessage[] = [];
  const mailer: Mailer = {
    kind: 'resend',
    maxBatch: 100,
    async send(messages) {
      sent.push(...messages);
      return { ok: true, results: messages.map((m) => ({ id: m.id, providerId: `test-${m.id}` })) };
    },
  };
  await drainOutbox(t.db, { mailer, from: 'Parley <alerts@parley.test>', now: () => now });
  return sent;
}

/** Chooses alerts as the signed-in editor, through the account API. */
export async function chooseAlerts(t: TestApp, headers: Record<string, string>, sites: { site: string; digest: 'off' | 'hourly' | 'daily'; flagged: boolean }[], timeZone?: string) {
  const res = await t.request('PUT', '/api/v1/admin/account/alerts', { sites, ...(timeZone ? { timeZone } : {}) }, headers);
  if (res.status !== 200) throw new Error(`choosing alerts failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/**
 * The same app over the same database, but each request says its client address in X-Test-Ip:
 * concurrent reports from different networks (makeTestApp has one address at a time).
 */
export function appWithIpHeader(t: TestApp) {
  let clock = Date.UTC(2026, 10, 25, 12, 30);
  return createApp(
    {
      db: t.db,
      now: () => clock++,
      publicUrl: PUBLIC_URL,
      secret: SECRET,
      clientIp: (c) => c.req.header('X-Test-Ip'),
      mailDelivery: 'mailbox',
      spamDefences: false,
      spamCheckers: [],
      passwordCost: t.passwordCost!,
      log: () => {},
    },
    { demo: false },
  );
}
