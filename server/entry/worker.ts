/**
 * The Cloudflare Workers runtime: D1 for the database, Workers static assets for the widget and
 * dashboard files, and Cron Triggers for the outbox and housekeeping. `npm run deploy` ships it.
 *
 * Nothing here or below may import `node:*` or better-sqlite3 (test/e2e/platform/worker-bundle.test.ts checks).
 */
import type { D1Database, ExecutionContext, Fetcher, ScheduledController } from '@cloudflare/workers-types/index.ts';
import { drizzle } from 'drizzle-orm/d1';
import type { Hono, MiddlewareHandler } from 'hono';
import type { AppDb } from '../../db/client.ts';
import * as schema from '../../db/schema.ts';
import type { AppEnv } from '../app-env.ts';
import { createApp } from '../app.ts';
import { ConfigError } from '../config.ts';
import { errorBody } from '../errors.ts';
import { ensureDemoSite } from '../features/demo/ensure-demo.ts';
import { countEditors } from '../features/editors/editors.repo.ts';
import { ensureFirstOwner } from '../features/editors/first-owner.ts';
import { queueAlertDigests } from '../jobs/alert-digests.ts';
import { purgeExpiredGuards } from '../jobs/housekeeping.ts';
import { spamCheckersFor } from '../features/spam/akismet.ts';
import { adminFileHeaders, isAdminPath, looksLikeFile } from '../http/asset-headers.ts';
import { mailerFor } from '../mail/mailer-for-config.ts';
import { drainOutbox } from '../mail/outbox.ts';
import { drainWebhooks } from '../features/outgoing-webhooks/index.ts';
import { type WorkerConfig, workerConfig } from './worker-config.ts';
import { HOUSEKEEPING_CRON } from './worker-crons.ts';
import { workerSharedCache } from './worker-shared-cache.ts';

/** The bindings declared in wrangler.toml, plus vars and secrets (all strings). */
export interface WorkerEnv {
  DB: D1Database;
  /** Workers static assets; absent when the Worker runs without them (the tests). */
  ASSETS?: Fetcher;
  [name: string]: unknown;
}

const log = (message: string, error?: unknown) => console.error(`[parley] ${message}`, error ?? '');

function database(env: WorkerEnv): AppDb {
  return drizzle(env.DB, { schema }) as unknown as AppDb;
}

/**
 * Static assets answer every path that names a file before the Worker runs; the dashboard's
 * client-side routes (/admin, /admin/queue, …) name no file and reach the Worker, which answers
 * with the dashboard's index.html, as the Node entry does.
 */
function dashboardFallback(assets: Fetcher | undefined): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const path = c.req.path;
    if (!assets || !isAdminPath(path) || looksLikeFile(path) || (c.req.method !== 'GET' && c.req.method !== 'HEAD')) return next();
    const index = await assets.fetch(new URL('/admin/index.html', c.req.url).toString());
    if (!index.ok) return next();
    // Through the context, so the headers every answer carries (app.ts) go into this one too.
    return c.body(index.body as ReadableStream, 200, { 'Content-Type': 'text/html; charset=utf-8', ...adminFileHeaders('/admin/index.html') });
  };
}

interface Built {
  app: Hono<AppEnv>;
}

/**
 * The app is built once per isolate (env is the same object for an isolate's lifetime): parsing
 * configuration, preparing the demo site and the first owner cost D1 round-trips that every
 * request would otherwise pay. A failed build is forgotten so the next request tries again.
 */
let cached: { env: WorkerEnv; built: Promise<Built> } | undefined;

async function build(env: WorkerEnv, config: WorkerConfig): Promise<Built> {
  const db = database(env);
  if (config.demo) await ensureDemoSite(db, config.publicUrl, Date.now());
  // No generated password here: a Worker's log is no place for one (see ensureFirstOwner).
  const owner = await ensureFirstOwner(db, { email: config.adminEmail, password: config.adminPassword }, Date.now(), { generate: false });
  if (owner) console.log(`[parley] First owner created for the dashboard: ${owner.email} (the password is the PARLEY_ADMIN_PASSWORD secret).`);
  else if ((await countEditors(db)) === 0) {
    log('No dashboard owner yet. Set both secrets, then reload: npx wrangler secret put PARLEY_ADMIN_EMAIL && npx wrangler secret put PARLEY_ADMIN_PASSWORD');
  }
  const app = createApp(
    {
      db,
      now: () => Date.now(),
      publicUrl: config.publicUrl,
      secret: config.secret,
      // Cloudflare sets this on every request that reaches a Worker; clients cannot forge it.
      clientIp: (c) => c.req.header('CF-Connecting-IP'),
      webhookSecret: config.resendWebhookSecret,
      mailDelivery: config.resendApiKey ? 'provider' : 'mailbox',
      spamDefences: config.spamDefences,
      // Workers cannot resolve names, and fetch from a Worker cannot reach the operator's private
      // network; literal private addresses are still refused.
      webhooks: { allowPrivate: config.webhooksAllowPrivate },
      listingCacheBytes: config.listingCacheBytes,
      sharedCache: workerSharedCache(config.publicUrl),
      spamCheckers: spamCheckersFor(config, log),
      log,
    },
    { assets: dashboardFallback(env.ASSETS), demo: config.demo },
  );
  return { app };
}

function misconfigured(err: ConfigError): Response {
  log(err.message);
  return Response.json(errorBody('internal_error', err.message), { status: 500 });
}

async function fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext): Promise<Response> {
  if (!cached || cached.env !== env) {
    let config: WorkerConfig;
    try {
      config = workerConfig(env, new URL(request.url).origin);
    } catch (err) {
      if (err instanceof ConfigError) return misconfigured(err);
      throw err;
    }
    const entry = { env, built: build(env, config) };
    cached = entry;
    entry.built.catch(() => {
      if (cached === entry) cached = undefined;
    });
  }
  const { app } = await cached.built;
  return app.fetch(request, env, ctx as unknown as Parameters<typeof app.fetch>[2]);
}

async function scheduled(controller: ScheduledController, env: WorkerEnv): Promise<void> {
  let config: WorkerConfig;
  try {
    config = workerConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      log(err.message);
      return;
    }
    throw err;
  }
  const db = database(env);
  if (controller.cron === HOUSEKEEPING_CRON) {
    // Spent form tokens and old rate-limit counters only guard against abuse; hourly is plenty.
    await purgeExpiredGuards(db, Date.now());
    return;
  }
  // Editors' queue digests that are due go into the outbox first, so this drain sends them.
  try {
    await queueAlertDigests(db, { secret: config.secret, publicUrl: config.publicUrl, now: Date.now() });
  } catch (err) {
    log('queueing alert digests failed', err);
  }
  const [report, hooks] = await Promise.all([
    drainOutbox(db, { mailer: mailerFor(config), from: config.mailFrom, now: () => Date.now() }),
    drainWebhooks(db, { allowPrivate: config.webhooksAllowPrivate, publicUrl: config.publicUrl, now: () => Date.now() }),
  ]);
  if (report.failed > 0 || report.rateLimitedForMs !== undefined) log(`outbox: ${JSON.stringify(report)}`);
  if (hooks.failed > 0 || hooks.disabled > 0) log(`webhooks: ${JSON.stringify(hooks)}`);
}

export default { fetch, scheduled };
