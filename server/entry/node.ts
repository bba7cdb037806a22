/**
 * The single-server runtime: an SQLite file through better-sqlite3, the built widget served from
 * dist/widget, and @hono/node-server. `npm start` runs this file.
 */
import { existsSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Context, MiddlewareHandler } from 'hono';
import { openSqlite } from '../../db/open-sqlite.ts';
import type { AppEnv } from '../app-env.ts';
import { createApp } from '../app.ts';
import { type Config, ConfigError, parseConfig } from '../config.ts';
import { ensureDemoSite } from '../features/demo/ensure-demo.ts';
import { ensureFirstOwner } from '../features/editors/first-owner.ts';
import { instanceSecret } from '../instance-secret.ts';
import { mailerFor } from '../mail/mailer-for-config.ts';
import { startOutboxTimer } from '../mail/outbox-timer.ts';
import { adminFileHeaders, isAdminPath, looksLikeFile, widgetFileHeaders } from '../http/asset-headers.ts';
import { purgeExpiredGuards } from '../features/limits/housekeeping.ts';
import { spamCheckersFor } from '../features/spam/akismet.ts';

const HOUR_MS = 3_600_000;

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const WIDGET_DIR = resolve(ROOT, 'dist/widget');
export const ADMIN_DIR = resolve(ROOT, 'dist/admin');

function clientIp(trustProxy: boolean) {
  return (c: Context): string | undefined => {
    if (trustProxy) {
      const forwarded = c.req.header('X-Forwarded-For')?.split(',')[0]?.trim();
      if (forwarded) return forwarded;
    }
    try {
      return getConnInfo(c).remote.address;
    } catch {
      return undefined;
    }
  };
}

/**
 * The built widget at the root (/embed.js and its chunks) and the dashboard under /admin, whose
 * client-side routes all answer with its index.html.
 */
function staticAssets(): MiddlewareHandler<AppEnv> {
  const setHeaders = (c: Context, headers: Record<string, string>) => {
    for (const [name, value] of Object.entries(headers)) c.header(name, value);
  };
  const widget = serveStatic<AppEnv>({
    root: relative(process.cwd(), WIDGET_DIR) || '.',
    onFound: (_path, c) => setHeaders(c, widgetFileHeaders(c.req.path)),
  });
  const adminRoot = relative(process.cwd(), ADMIN_DIR) || '.';
  const adminFiles = serveStatic<AppEnv>({
    root: adminRoot,
    rewriteRequestPath: (path) => path.replace(/^\/admin/, ''),
    onFound: (_path, c) => setHeaders(c, adminFileHeaders(c.req.path)),
  });
  const adminIndex = serveStatic<AppEnv>({ root: adminRoot, path: 'index.html', onFound: (_p, c) => setHeaders(c, adminFileHeaders('/admin/index.html')) });
  return async (c, next) => {
    const path = c.req.path;
    if (isAdminPath(path)) return looksLikeFile(path) ? adminFiles(c, next) : adminIndex(c, next);
    if (path.startsWith('/api/')) return next();
    return widget(c, next);
  };
}

export interface RunningServer {
  url: string;
  /** Set when this start created the first owner with a generated password (shown once). */
  firstOwner?: { email: string; generatedPassword?: string };
  close(): Promise<void>;
}

/** Opens the database, prepares the demo site and starts listening. */
export async function startNodeServer(config: Config): Promise<RunningServer> {
  const { db, close: closeDb } = openSqlite(config.databasePath);
  const secret = await instanceSecret(db, config.secret);
  await ensureDemoSite(db, config.publicUrl, Date.now());
  const firstOwner = await ensureFirstOwner(db, { email: config.adminEmail, password: config.adminPassword }, Date.now());

  const log = (message: string, error?: unknown) => console.error(`[parley] ${message}`, error ?? '');
  const app = createApp(
    {
      db,
      now: () => Date.now(),
      publicUrl: config.publicUrl,
      secret,
      clientIp: clientIp(config.trustProxy),
      webhookSecret: config.resendWebhookSecret,
      mailDelivery: config.resendApiKey ? 'provider' : 'mailbox',
      spamDefences: config.spamDefences,
      spamCheckers: spamCheckersFor(config, log),
      log,
    },
    { assets: staticAssets() },
  );

  const stopOutbox = startOutboxTimer(db, { mailer: mailerFor(config), from: config.mailFrom, intervalMs: config.outboxIntervalMs, log });
  // Spent form tokens and old rate-limit counters only guard against abuse; an hourly sweep is plenty.
  const purge = () => purgeExpiredGuards(db, Date.now()).catch((err: unknown) => log('purging expired guards failed', err));
  void purge();
  const purgeTimer = setInterval(purge, HOUR_MS);
  const server = serve({ fetch: app.fetch, port: config.port });
  await new Promise<void>((resolveListen, reject) => {
    server.once('listening', resolveListen);
    server.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return {
    url: `http://localhost:${port}`,
    ...(firstOwner ? { firstOwner } : {}),
    close: async () => {
      clearInterval(purgeTimer);
      await stopOutbox();
      await new Promise<void>((done) => server.close(() => done()));
      closeDb();
    },
  };
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = parseConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  if (!existsSync(resolve(WIDGET_DIR, 'embed.js'))) {
    console.warn('[parley] dist/widget/embed.js is missing: run `npm run build` (npm start does it for you).');
  }
  const running = await startNodeServer(config);
  console.log(`Parley is running.
  Demo article:  ${config.publicUrl}/
  API health:    ${config.publicUrl}/api/v1/health
  Dashboard:     ${config.publicUrl}/admin
  Mail:          ${config.resendApiKey ? `Resend, from ${config.mailFrom}` : 'development mailbox (no RESEND_API_KEY): mail is printed here and kept in the outbox'}
  Database:      ${resolve(config.databasePath)}
  Listening on:  ${running.url}`);
  if (running.firstOwner?.generatedPassword) {
    console.log(`
  First start: an owner account was created for the dashboard. This password is shown only once:
    email:     ${running.firstOwner.email}
    password:  ${running.firstOwner.generatedPassword}
  Change it with: npm run parley -- editor reset-password --email ${running.firstOwner.email}`);
  } else if (running.firstOwner) {
    console.log(`\n  First start: owner ${running.firstOwner.email} created from PARLEY_ADMIN_EMAIL.`);
  }
  const stop = () => {
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error('[parley] failed to start:', err);
    process.exit(1);
  });
}
