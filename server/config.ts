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
  /** Optional Akismet check of new comments (no shared default key). */
  akismetKey: string | undefined;
  akismetEndpoint: string;
  /** Bytes the in-memory cache of public listings may hold (per database). */
  listingCacheBytes: number;
}

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
  AKISMET_KEY: z.string().regex(/^[A-Za-z0-9]{6,64}$/, 'must be an Akismet API key (letters and digits)').optional(),
  AKISMET_ENDPOINT: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).default('https://rest.akismet.com'),
  LISTING_CACHE_MB: z.coerce.number({ error: 'must be a number of megabytes' }).min(0, 'must be between 0 and 4096 (megabytes)').max(4096, 'must be between 0 and 4096 (megabytes)').default(32),
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
  return {
    port: v.PORT,
    databasePath: v.DATABASE_PATH,
    // Without PUBLIC_URL the server is reached on this machine, at the port it listens on.
    publicUrl: v.PUBLIC_URL ?? `http://localhost:${v.PORT || 8787}`,
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
    akismetKey: v.AKISMET_KEY,
    akismetEndpoint: v.AKISMET_ENDPOINT,
    listingCacheBytes: Math.round(v.LISTING_CACHE_MB * 1024 * 1024),
  };
}
