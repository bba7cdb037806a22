/**
 * The single-server runtime: an SQLite file through better-sqlite3, the built widget served from
 * dist/widget, and @hono/node-server. `npm start` runs this file.
 */
import { lookup } from 'node:dns/promises';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import type { Server } from 'node:http';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Context, MiddlewareHandler } from 'hono';
import { openSqlite, SERVER_BUSY_TIMEOUT_MS } from '../../db/open-sqlite.ts';
import type { AppEnv } from '../app-env.ts';
import { createApp } from '../app.ts';
import { type Config, ConfigError, parseConfig } from '../config.ts';
import { ensureDemoSite } from '../features/demo/ensure-demo.ts';
import { ensureFirstOwner } from '../features/editors/first-owner.ts';
import { instanceSecret } from '../instance-secret.ts';
import { mailerFor } from '../mail/mailer-for-config.ts';
import { startOutboxTimer } from '../mail/outbox-timer.ts';
import { adminFileHeaders, isAdminPath, looksLikeFile, widgetFileHeaders } from '../http/asset-headers.ts';
import { ALERT_DIGEST_INTERVAL_MS, queueAlertDigests } from '../jobs/alert-digests.ts';
import { purgeExpiredGuards } from '../jobs/housekeeping.ts';
import { startWebhookTimer } from '../jobs/webhook-timer.ts';
import type { WebhookTransport } from '../features/outgoing-webhooks/index.ts';
import { spamCheckersFor } from '../features/spam/akismet.ts';
import { VERSION } from '../version.ts';
import { startBackupSchedule } from './backup-schedule.ts';
import { createNodeLogger, logFormat, type NodeLogger } from './node-logger.ts';
import { nodeMetrics } from './node-metrics.ts';
import { nodeHashing } from './node-hashing.ts';
import { nodeBodyText } from './node-body.ts';
import { publicOnlyFetch } from './node-webhook-fetch.ts';

const HOUR_MS = 3_600_000;

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const WIDGET_DIR = resolve(ROOT, 'dist/widget');
export const ADMIN_DIR = resolve(ROOT, 'dist/admin');
/**
 * The operators' CLI beside this module: cli.js in the bundle (dist/server), or the TypeScript
 * sources through tsx when the server itself runs from them (`npm run dev`, tests).
 */
const CLI = import.meta.url.endsWith('.ts')
  ? [process.execPath, '--import', 'tsx', resolve(ROOT, 'server/cli/parley.ts')]
  : [process.execPath, resolve(dirname(fileURLToPath(import.meta.url)), 'cli.js')];

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
  /**
   * Graceful stop: no new connections, in-flight requests finish, timers stop, the outbox drain
   * under way (the messages it leased) completes, then the database closes.
   */
  close(): Promise<void>;
}

/**
 * Readiness of the database file itself: a read through the open connection still succeeds after
 * the file was deleted, moved or replaced (the descriptor keeps the old inode), so the path is
 * checked too, and that this process may write it.
 */
function storageCheck(databasePath: string): () => Promise<string | undefined> {
  if (databasePath === ':memory:') return async () => undefined;
  const path = resolve(databasePath);
  const opened = statSync(path);
  return async () => {
    let now;
    try {
      now = statSync(path);
    } catch {
      // The answer is public: it names the setting, not the server's file system.
      return 'the database file (DATABASE_PATH) is missing';
    }
    if (!now.isFile()) return 'DATABASE_PATH is no longer a file';
    if (now.ino !== opened.ino || now.dev !== opened.dev) return 'the file at DATABASE_PATH was replaced while the server ran: restart it';
    try {
      accessSync(path, constants.R_OK | constants.W_OK);
      accessSync(dirname(path), constants.W_OK);
    } catch {
      return 'the database file (DATABASE_PATH) or its folder is not writable by this process';
    }
    return undefined;
  };
}

/** Opens the database, prepares the demo site (when wanted) and starts listening. */
export async function startNodeServer(config: Config, logger?: NodeLogger): Promise<RunningServer> {
  const log = logger ?? (await createNodeLogger(config));
  const { db, close: closeDb, stopWaitingForLock } = openSqlite(config.databasePath, { busyTimeoutMs: SERVER_BUSY_TIMEOUT_MS });
  const secret = await instanceSecret(db, config.secret);
  if (config.demo) await ensureDemoSite(db, config.publicUrl, Date.now());
  const firstOwner = await ensureFirstOwner(db, { email: config.adminEmail, password: config.adminPassword }, Date.now());

  const report = (message: string, error?: unknown) => (error === undefined ? log.error(message) : log.error({ err: error }, message));
  // Webhook receivers' names are resolved here and refused if any address is private (SSRF), and
  // the connection itself may only go to a public address (publicOnlyFetch).
  const webhooks: WebhookTransport = config.webhooksAllowPrivate
    ? { allowPrivate: true }
    : { allowPrivate: false, resolveHost: async (host) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address), fetch: publicOnlyFetch() };
  const metrics = nodeMetrics(db, resolve(config.databasePath));
  const app = createApp(
    {
      db,
      now: () => Date.now(),
      publicUrl: config.publicUrl,
      secret,
      hashing: nodeHashing,
      readBodyText: nodeBodyText,
      clientIp: clientIp(config.trustProxy),
      webhookSecret: config.resendWebhookSecret,
      mailDelivery: config.resendApiKey ? 'provider' : 'mailbox',
      spamDefences: config.spamDefences,
      webhooks,
      listingCacheBytes: config.listingCacheBytes,
      databaseBusy: () => stopWaitingForLock(),
      spamCheckers: spamCheckersFor(config, report),
      log: report,
      logger: log,
      metrics: metrics.app,
      trustRequestId: config.trustProxy,
      checkStorage: storageCheck(config.databasePath),
    },
    {
      assets: staticAssets(),
      demo: config.demo,
      ...(config.metricsToken ? { metrics: { token: config.metricsToken, render: async () => ({ contentType: metrics.registry.contentType, body: await metrics.registry.metrics() }) } } : {}),
    },
  );

  // The development mailbox prints addresses and sign-in links: right on a laptop (the demo), not
  // in a production log, where only the fact is logged and the dashboard's Mailbox shows the mail.
  const printMail = config.demo ? (line: string) => console.log(line) : () => log.info('mail kept in the development mailbox (no RESEND_API_KEY): read it in the dashboard');
  const mailer = metrics.timedMailer(mailerFor(config, printMail));
  const stopOutbox = startOutboxTimer(db, { mailer, from: config.mailFrom, intervalMs: config.outboxIntervalMs, log: report });
  const stopWebhooks = startWebhookTimer(db, {
    transport: webhooks,
    publicUrl: config.publicUrl,
    intervalMs: config.outboxIntervalMs,
    log: report,
    onReport: (r) => {
      if (r.failed > 0 || r.disabled > 0) log.warn({ webhooks: r }, 'webhook deliveries failed');
    },
  });
  // Spent form tokens and old rate-limit counters only guard against abuse; an hourly sweep is plenty.
  const purge = () => purgeExpiredGuards(db, Date.now()).catch((err: unknown) => report('purging expired guards failed', err));
  void purge();
  const purgeTimer = setInterval(purge, HOUR_MS);
  // Editors' queue digests: the outbox timer above sends what this queues.
  const digests = () => queueAlertDigests(db, { secret, publicUrl: config.publicUrl, now: Date.now() }).catch((err: unknown) => report('queueing alert digests failed', err));
  const digestTimer = setInterval(digests, ALERT_DIGEST_INTERVAL_MS);
  const stopBackups = config.backup
    ? startBackupSchedule({
        databasePath: config.databasePath,
        cli: CLI,
        ...config.backup,
        now: () => Date.now(),
        onDone: (result) => {
          metrics.backupDone(result.ok, Date.now());
          if (result.ok) log.info({ backup: result.path, bytes: result.bytes, ms: result.ms, removed: result.removed.length }, 'backup written');
          else log.error({ err: result.error }, 'scheduled backup failed');
        },
      })
    : async () => {};
  const server = serve({ fetch: app.fetch, port: config.port }) as Server;
  await new Promise<void>((resolveListen, reject) => {
    server.once('listening', resolveListen);
    server.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://localhost:${port}`,
    ...(firstOwner ? { firstOwner } : {}),
    close: () =>
      (closing ??= (async () => {
        const closed = new Promise<void>((done) => server.close(() => done()));
        // Keep-alive connections with no request under way would hold close() open until they
        // time out; those that finish a request during the shutdown are let go as they go idle.
        server.closeIdleConnections();
        const idle = setInterval(() => server.closeIdleConnections(), 50);
        await closed;
        clearInterval(idle);
        clearInterval(purgeTimer);
        clearInterval(digestTimer);
        await Promise.all([stopBackups(), stopOutbox(), stopWebhooks()]);
        closeDb();
      })()),
  };
}

function banner(config: Config, running: RunningServer): string {
  return `Parley is running.
  ${config.demo ? 'Demo article: ' : 'Home:         '} ${config.publicUrl}/
  API health:    ${config.publicUrl}/api/v1/health (ready: /api/v1/ready${config.metricsToken ? ', metrics: /metrics' : ''})
  Dashboard:     ${config.publicUrl}/admin
  Mail:          ${config.resendApiKey ? `Resend, from ${config.mailFrom}` : 'development mailbox (no RESEND_API_KEY): mail is printed here and kept in the outbox'}
  Database:      ${resolve(config.databasePath)}${config.backup ? `\n  Backups:       every ${config.backup.everyMs / 1000} s into ${resolve(config.backup.dir)}, keeping ${config.backup.keep}` : ''}
  Listening on:  ${running.url}`;
}

/** Runs the server until SIGTERM or SIGINT: `npm start`, the Docker image and the systemd unit. */
export async function main(): Promise<void> {
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
  const log = await createNodeLogger(config);
  if (!existsSync(resolve(WIDGET_DIR, 'embed.js'))) {
    log.warn('dist/widget/embed.js is missing: run `npm run build` (npm start does it for you).');
  }
  const running = await startNodeServer(config, log);
  const pretty = logFormat(config) === 'pretty';
  if (pretty) console.log(banner(config, running));
  else {
    log.info(
      { version: VERSION, url: config.publicUrl, listening: running.url, demo: config.demo, mail: config.resendApiKey ? 'resend' : 'development mailbox', backups: Boolean(config.backup), metrics: Boolean(config.metricsToken) },
      'Parley is running',
    );
  }
  if (running.firstOwner?.generatedPassword) {
    // Shown once: admin@localhost is no one's address, and the password is what the operator needs.
    if (pretty) {
      console.log(`
  First start: an owner account was created for the dashboard. This password is shown only once:
    email:     ${running.firstOwner.email}
    password:  ${running.firstOwner.generatedPassword}
  Change it with: npm run parley -- editor reset-password --email ${running.firstOwner.email}`);
    } else {
      log.warn({ signIn: running.firstOwner.email, initialPassword: running.firstOwner.generatedPassword }, 'first start: an owner account was created; this password is shown only once, change it in the dashboard');
    }
  } else if (running.firstOwner) {
    log.info('first start: the owner account from PARLEY_ADMIN_EMAIL was created');
  }

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second signal: the operator does not want to wait.
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(130);
    }
    stopping = true;
    log.info({ signal, timeoutMs: config.shutdownTimeoutMs }, 'shutting down: finishing requests in flight');
    const deadline = setTimeout(() => {
      log.error({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown took longer than SHUTDOWN_TIMEOUT: exiting anyway');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    deadline.unref();
    running.close().then(
      () => {
        log.info('stopped');
        process.exit(0);
      },
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error('[parley] failed to start:', err);
    process.exit(1);
  });
}
