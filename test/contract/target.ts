import { createEditor } from '../../server/features/editors/editors.repo.ts';
import { createSiteIfMissing } from '../../server/features/sites/sites.repo.ts';
import { drainOutbox } from '../../server/mail/outbox.ts';
import { queueAlertDigests } from '../../server/jobs/alert-digests.ts';
import { drainWebhooks } from '../../server/features/outgoing-webhooks/index.ts';
import { resendMailer } from '../../server/mail/resend-mailer.ts';
import { OUTBOX_CRON } from '../../server/entry/worker-crons.ts';
import type { AppDb } from '../../db/client.ts';
import { FakeResend } from '../support/fake-resend.ts';
import { makeTestApp, SITE_ORIGIN, TEST_PASSWORD_COST, WEBHOOK_SECRET } from '../support/test-app.ts';
import { startWorkerd } from '../support/workerd-app.ts';
import { openSqlite } from '../../db/open-sqlite.ts';
import { startServerProcess } from '../support/server-process.ts';

export const PUBLIC_URL = 'http://parley.test';
export const SECRET = 'test-secret-test-secret-test-secret';
export const OWNER = { email: 'owner@example.com', password: 'correct horse battery' };
export const MAIL_FROM = 'Parley Tests <parley@example.com>';

/**
 * One running Parley for the contract suite: the Node app on better-sqlite3, or the bundled
 * Worker inside workerd on D1. Suites talk to it over HTTP only; `db` is for setup that has no
 * API (a site, the first editor) and for checks the API does not expose.
 */
export interface ContractTarget {
  readonly name: 'node' | 'workerd' | 'bundle';
  fetch(request: Request): Promise<Response>;
  /** The database behind the app (better-sqlite3 or D1 through Miniflare), for setup and checks. */
  db: AppDb;
  /** The fake Resend that this target's outbox sends to. */
  mail: FakeResend;
  /** Requests that follow come from this client IP address. */
  setIp(ip: string): void;
  /** Lets time pass as the app sees it: a stepping clock on Node, real time inside workerd. */
  elapse(ms: number): Promise<void>;
  /** Drains the outbox as the runtime does: the Node outbox timer's drain, the Worker's cron. */
  drainOutbox(): Promise<void>;
  /** Runs the alert digest job as the runtime does: the Node timer's job, the Worker's every-minute cron (which drains too). */
  runAlertDigests(): Promise<void>;
  /** Drains the webhook outbox as the runtime does: the Node webhook timer's drain, the Worker's (same) cron. */
  drainWebhooks(): Promise<void>;
  close(): Promise<void>;
}

/** A contract suite: written once, registered against each target. */
export type ContractSuite = (target: () => ContractTarget) => void;

/** Creates a site directly (there is no public API to create the first site an owner signs in to). */
export async function addSite(t: ContractTarget, id: string): Promise<void> {
  await createSiteIfMissing(t.db, { id, name: `Site ${id}`, allowedOrigins: [SITE_ORIGIN], moderationMode: 'post' }, Date.now());
}

async function addOwner(db: AppDb): Promise<void> {
  await createEditor(db, { email: OWNER.email, role: 'owner', password: OWNER.password }, Date.now(), TEST_PASSWORD_COST);
}

export async function nodeTarget(): Promise<ContractTarget> {
  const mail = await new FakeResend().start();
  // The suites' webhook receivers listen on 127.0.0.1.
  const t = await makeTestApp({ spamDefences: true, mailDelivery: 'provider', webhooks: { allowPrivate: true } });
  await addOwner(t.db);
  const mailer = resendMailer('re_contract_tests', { baseUrl: mail.url });
  return {
    name: 'node',
    fetch: async (request) => t.app.fetch(request),
    db: t.db,
    mail,
    setIp: (ip) => t.setIp(ip),
    elapse: async (ms) => t.tick(ms),
    drainOutbox: async () => {
      await drainOutbox(t.db, { mailer, from: MAIL_FROM, now: () => Date.now() });
    },
    runAlertDigests: async () => {
      await queueAlertDigests(t.db, { secret: SECRET, publicUrl: PUBLIC_URL, now: Date.now() });
    },
    drainWebhooks: async () => {
      await drainWebhooks(t.db, { allowPrivate: true, publicUrl: PUBLIC_URL, now: () => Date.now() });
    },
    close: async () => {
      t.close();
      await mail.stop();
    },
  };
}

export async function workerdTarget(): Promise<ContractTarget> {
  const mail = await new FakeResend().start();
  const w = await startWorkerd({
    PUBLIC_URL,
    PARLEY_SECRET: SECRET,
    RESEND_API_KEY: 're_contract_tests',
    // workerd reaches the fake on the loopback interface like any other host.
    RESEND_BASE_URL: mail.url,
    RESEND_WEBHOOK_SECRET: WEBHOOK_SECRET,
    MAIL_FROM,
    WEBHOOKS_ALLOW_PRIVATE: 'on',
  });
  // The first editor must exist before the Worker's first request, or it makes a generated owner.
  await addOwner(w.db);
  let ip = '203.0.113.7';
  return {
    name: 'workerd',
    fetch: async (request) => {
      const headers = new Headers(request.headers);
      // Cloudflare's edge sets this header; the Worker reads the client's address from it.
      headers.set('CF-Connecting-IP', ip);
      const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
      return w.fetch(new Request(request.url, { method: request.method, headers, ...(body ? { body } : {}) }));
    },
    db: w.db,
    mail,
    setIp: (next) => {
      ip = next;
    },
    elapse: (ms) => new Promise((done) => setTimeout(done, ms)),
    drainOutbox: () => w.scheduled(OUTBOX_CRON),
    runAlertDigests: () => w.scheduled(OUTBOX_CRON),
    // The same cron drains both outboxes.
    drainWebhooks: () => w.scheduled(OUTBOX_CRON),
    close: async () => {
      await w.close();
      await mail.stop();
    },
  };
}

/**
 * The production bundle (dist/server/node.js) under plain `node`, as `npm start` runs it, on a
 * temp database file, reached over HTTP. Behind a "proxy" (TRUST_PROXY) so tests choose the IP.
 */
export async function bundleTarget(): Promise<ContractTarget> {
  const mail = await new FakeResend().start();
  const server = await startServerProcess(
    {
      PUBLIC_URL,
      PARLEY_SECRET: SECRET,
      TRUST_PROXY: 'on',
      RESEND_API_KEY: 're_contract_tests',
      RESEND_BASE_URL: mail.url,
      RESEND_WEBHOOK_SECRET: WEBHOOK_SECRET,
      MAIL_FROM,
      WEBHOOKS_ALLOW_PRIVATE: 'on',
      // The suites drain the outbox when they mean to, as the Node and Worker targets do.
      OUTBOX_INTERVAL_MS: '3600000',
      LOG_LEVEL: 'warn',
    },
    {
      bundle: true,
      // The owner exists before the first start, or the server makes a generated one.
      prepare: async (_dir, dbPath) => {
        const { db, close } = openSqlite(dbPath);
        await addOwner(db);
        close();
      },
    },
  );
  const { db, close } = openSqlite(server.dbPath);
  const mailer = resendMailer('re_contract_tests', { baseUrl: mail.url });
  let ip = '203.0.113.7';
  return {
    name: 'bundle',
    fetch: async (request) => {
      const url = new URL(request.url);
      const headers = new Headers(request.headers);
      headers.set('X-Forwarded-For', ip);
      const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
      return fetch(new Request(`${server.url}${url.pathname}${url.search}`, { method: request.method, headers, redirect: 'manual', ...(body ? { body } : {}) }));
    },
    db,
    mail,
    setIp: (next) => {
      ip = next;
    },
    elapse: (ms) => new Promise((done) => setTimeout(done, ms)),
    drainOutbox: async () => {
      await drainOutbox(db, { mailer, from: MAIL_FROM, now: () => Date.now() });
    },
    runAlertDigests: async () => {
      await queueAlertDigests(db, { secret: SECRET, publicUrl: PUBLIC_URL, now: Date.now() });
    },
    drainWebhooks: async () => {
      await drainWebhooks(db, { allowPrivate: true, publicUrl: PUBLIC_URL, now: () => Date.now() });
    },
    close: async () => {
      close();
      await server.stop();
      await mail.stop();
    },
  };
}
