import { z } from 'zod';

/**
 * Configuration read from the environment once, at the entry. Every entry passes its own
 * environment object (process.env on Node, the bindings' vars on Workers); nothing else reads it.
 */
export interface Config {
  port: number;
  databasePath: string;
  /** The origin readers reach this server at, without a trailing slash; used in links and CORS. */
  publicUrl: string;
  /** Secret for keyed hashes (IP addresses) and signed tokens; generated and stored when unset. */
  secret: string | undefined;
  /** Trust X-Forwarded-For from a reverse proxy in front of the Node server. */
  trustProxy: boolean;
  /** The first owner's sign-in, used only when no editor exists yet. */
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  /** Without a key, mail stays in the development mailbox (the outbox) and is printed. */
  resendApiKey: string | undefined;
  resendBaseUrl: string | undefined;
  resendWebhookSecret: string | undefined;
  mailFrom: string;
  outboxIntervalMs: number;
  /** The spam layers of public writes; off only for trusted server-side clients and tests. */
  spamDefences: boolean;
  /** Outgoing webhooks may go to loopback and private addresses, and over http (a receiver on this machine or network). */
  webhooksAllowPrivate: boolean;
  /** Optional Akismet check of new comments (no shared default key). */
  akismetKey: string | undefined;
  akismetEndpoint: string;
  /** Bytes the in-memory cache of public listings may hold (per database). */
  listingCacheBytes: number;
  /** The demo site, its seeded discussion and the demo article at `/` (PARLEY_DEMO; localhost only by default). */
  demo: boolean;
  /** pino's level names: fatal, error, warn, info, debug, trace, silent. */
  logLevel: LogLevel;
  /** JSON lines for machines, or readable lines for a person; unset, the entry decides (a terminal gets lines). */
  logFormat: 'json' | 'pretty' | undefined;
  /** Bearer token that /metrics requires; without one /metrics is off. */
  metricsToken: string | undefined;
  /** How long a graceful shutdown may take before the process exits anyway. */
  shutdownTimeoutMs: number;
  /** Scheduled backups: all three set, or none (BACKUP_DIR alone means every day, keep 7). */
  backup: { dir: string; everyMs: number; keep: number } | undefined;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const DURATION_UNITS_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Parses an operator's duration such as `30s`, `15m`, `6h`, `1d` (or `1500ms`) into milliseconds. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/.exec(text.trim());
  if (!match) return undefined;
  return Math.round(Number(match[1]) * DURATION_UNITS_MS[match[2] as keyof typeof DURATION_UNITS_MS]);
}

/** True for addresses that only this machine reaches: the quick start, not a production install. */
export function isLocalOrigin(origin: string): boolean {
  const host = new URL(origin).hostname;
  return host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

const duration = (min: number, hint: string) =>
  z
    .string()
    .transform((v, ctx) => {
      const ms = parseDuration(v);
      if (ms === undefined || ms < min) {
        ctx.addIssue({ code: 'custom', message: hint });
        return z.NEVER;
      }
      return ms;
    });

const booleanFlag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'], {
    error: 'must be one of true/false, 1/0, yes/no, on/off',
  })
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const schema = z.object({
  PORT: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(0, 'must be between 0 and 65535')
    .max(65535, 'must be between 0 and 65535')
    .default(8787),
  DATABASE_PATH: z.string().min(1, 'must not be empty').default('./data/parley.db'),
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://comments.example.com' })
    .transform((u) => new URL(u).origin)
    .optional(),
  PARLEY_SECRET: z.string().min(32, 'must be at least 32 characters (try: openssl rand -hex 32)').optional(),
  TRUST_PROXY: booleanFlag.default(false),
  PARLEY_ADMIN_EMAIL: z.email({ error: 'must be an email address' }).optional(),
  PARLEY_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  RESEND_API_KEY: z.string().regex(/^re_\w+$/, 'must be a Resend API key (re_…)').optional(),
  RESEND_BASE_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  RESEND_WEBHOOK_SECRET: z.string().regex(/^whsec_[A-Za-z0-9+/=]+$/, 'must be the signing secret Resend shows for the webhook (whsec_…)').optional(),
  MAIL_FROM: z.string().min(3).default('Parley <parley@localhost>'),
  OUTBOX_INTERVAL_MS: z.coerce.number({ error: 'must be a number' }).int().min(200, 'must be at least 200').max(3_600_000).default(5000),
  SPAM_DEFENCES: booleanFlag.default(true),
  WEBHOOKS_ALLOW_PRIVATE: booleanFlag.default(false),
  AKISMET_KEY: z.string().regex(/^[A-Za-z0-9]{6,64}$/, 'must be an Akismet API key (letters and digits)').optional(),
  AKISMET_ENDPOINT: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).default('https://rest.akismet.com'),
  LISTING_CACHE_MB: z.coerce.number({ error: 'must be a number of megabytes' }).min(0, 'must be between 0 and 4096 (megabytes)').max(4096, 'must be between 0 and 4096 (megabytes)').default(32),
  PARLEY_DEMO: booleanFlag.optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty'], { error: 'must be json or pretty' }).optional(),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters (try: openssl rand -hex 24)').optional(),
  SHUTDOWN_TIMEOUT: duration(100, 'must be a duration such as 10s or 1m').default(10_000),
  BACKUP_DIR: z.string().min(1).optional(),
  BACKUP_EVERY: duration(1000, 'must be a duration of at least 1s, such as 30s, 15m, 6h or 1d').optional(),
  BACKUP_KEEP: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(10_000).optional(),
});

/** Thrown with a message that names each bad variable and how to fix it. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses and validates configuration; throws {@link ConfigError} naming every bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  // An empty variable (PORT=) means "not set", as in most shells' habits.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(present);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '?');
      return `  ${name}=${JSON.stringify(env[name] ?? '')}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}\nFix the environment variable(s) above and start again.`);
  }
  const v = result.data;
  if (!v.BACKUP_DIR && (v.BACKUP_EVERY !== undefined || v.BACKUP_KEEP !== undefined)) {
    throw new ConfigError('Invalid configuration:\n  BACKUP_EVERY/BACKUP_KEEP are set but BACKUP_DIR is not: set BACKUP_DIR to the folder backups go to.');
  }
  // Without PUBLIC_URL the server is reached on this machine, at the port it listens on.
  const publicUrl = v.PUBLIC_URL ?? `http://localhost:${v.PORT || 8787}`;
  return {
    port: v.PORT,
    databasePath: v.DATABASE_PATH,
    publicUrl,
    secret: v.PARLEY_SECRET,
    trustProxy: v.TRUST_PROXY,
    adminEmail: v.PARLEY_ADMIN_EMAIL,
    adminPassword: v.PARLEY_ADMIN_PASSWORD,
    resendApiKey: v.RESEND_API_KEY,
    resendBaseUrl: v.RESEND_BASE_URL,
    resendWebhookSecret: v.RESEND_WEBHOOK_SECRET,
    mailFrom: v.MAIL_FROM,
    outboxIntervalMs: v.OUTBOX_INTERVAL_MS,
    spamDefences: v.SPAM_DEFENCES,
    webhooksAllowPrivate: v.WEBHOOKS_ALLOW_PRIVATE,
    akismetKey: v.AKISMET_KEY,
    akismetEndpoint: v.AKISMET_ENDPOINT,
    listingCacheBytes: Math.round(v.LISTING_CACHE_MB * 1024 * 1024),
    demo: v.PARLEY_DEMO ?? isLocalOrigin(publicUrl),
    logLevel: v.LOG_LEVEL,
    logFormat: v.LOG_FORMAT,
    metricsToken: v.METRICS_TOKEN,
    shutdownTimeoutMs: v.SHUTDOWN_TIMEOUT,
    backup: v.BACKUP_DIR ? { dir: v.BACKUP_DIR, everyMs: v.BACKUP_EVERY ?? 86_400_000, keep: v.BACKUP_KEEP ?? 7 } : undefined,
  };
}
