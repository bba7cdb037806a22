import { openSqlite } from '../../db/open-sqlite.ts';
import type { AppDb } from '../../db/client.ts';
import { createApp } from '../../server/app.ts';
import { createSiteIfMissing } from '../../server/features/sites/sites.repo.ts';
import type { PasswordCost } from '../../server/features/editors/password.ts';
import type { SpamChecker } from '../../server/features/spam/spam-checker.ts';
import type { Hashing } from '../../server/hashing.ts';
import type { WebhookTransport } from '../../server/features/outgoing-webhooks/index.ts';
import { solve } from './spam-proof.ts';

export const SITE_ORIGIN = 'https://news.example.com';
/** The Resend webhook signing secret the test app trusts. */
export const WEBHOOK_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

/**
 * A cheap password hash for tests: the same PBKDF2 chain as production with a fraction of the
 * work, so that adding and signing in editors costs milliseconds, not a quarter second each.
 */
export const TEST_PASSWORD_COST: PasswordCost = { rounds: 2, iterations: 1_000 };

export interface TestApp {
  app: ReturnType<typeof createApp>;
  db: AppDb;
  /** What the app hashes editor passwords with; undefined means the production default. */
  passwordCost: PasswordCost | undefined;
  /** Moves the test clock forward. */
  tick(ms?: number): void;
  /** The client IP address the app sees for the next requests. */
  setIp(ip: string): void;
  /** GET a path; JSON body parsed when there is one. */
  get(path: string, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>;
  /** Any method, JSON body when given. */
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>;
  /** POST JSON (or a raw string) to a path. */
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>;
  close(): void;
}

/**
 * The real app over a migrated in-memory SQLite database, with a site `news` that allows
 * {@link SITE_ORIGIN}, a stepping clock and a fixed client IP. Spam layers are off unless asked for.
 */
export async function makeTestApp(
  options: { moderationMode?: 'post' | 'pre' | 'first'; spamDefences?: boolean; spamCheckers?: SpamChecker[]; listingCacheBytes?: number; mailDelivery?: 'provider' | 'mailbox'; hashing?: Hashing; productionPasswordCost?: boolean; webhooks?: WebhookTransport } = {},
): Promise<TestApp> {
  const { db, close } = openSqlite(':memory:');
  let clock = Date.UTC(2026, 10, 25, 12, 0, 0);
  let ip = '203.0.113.7';
  await createSiteIfMissing(db, { id: 'news', name: 'Example News', allowedOrigins: [SITE_ORIGIN], moderationMode: options.moderationMode ?? 'post' }, clock);
  const passwordCost = options.productionPasswordCost ? undefined : TEST_PASSWORD_COST;
  const app = createApp(
    {
      db,
      // Each reading advances a millisecond so comments posted in a row keep their order.
      now: () => clock++,
      publicUrl: 'http://parley.test',
      secret: 'test-secret-test-secret-test-secret',
      clientIp: () => ip,
      webhookSecret: WEBHOOK_SECRET,
      // The development mailbox, as on a laptop with no Resend key, unless a test says otherwise.
      mailDelivery: options.mailDelivery ?? 'mailbox',
      // Off unless a test is about them, as for any trusted server-side client.
      spamDefences: options.spamDefences ?? false,
      spamCheckers: options.spamCheckers ?? [],
      ...(options.listingCacheBytes === undefined ? {} : { listingCacheBytes: options.listingCacheBytes }),
      ...(options.hashing === undefined ? {} : { hashing: options.hashing }),
      ...(options.webhooks === undefined ? {} : { webhooks: options.webhooks }),
      // Left out when a test asks for the production cost, so createApp's own default applies.
      ...(passwordCost === undefined ? {} : { passwordCost }),
      log: (m, e) => { if (process.env.TEST_LOG) console.error(m, e); },
    },
    { demo: false },
  );
  const read = async (res: Response) => {
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body, headers: res.headers };
  };
  return {
    app,
    db,
    passwordCost,
    tick: (ms = 1000) => {
      clock += ms;
    },
    setIp: (next) => {
      ip = next;
    },
    get: async (path, headers = {}) => read(await app.request(path, { headers })),
    request: async (method, path, body, headers = {}) =>
      read(
        await app.request(path, {
          method,
          headers: body === undefined ? headers : { 'Content-Type': 'application/json', ...headers },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        }),
      ),
    post: async (path, body, headers = {}) =>
      read(
        await app.request(path, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...headers },
          body: typeof body === 'string' ? body : JSON.stringify(body),
        }),
      ),
    close,
  };
}

/** A valid comment body for the `news` site, with overrides. */
export function aComment(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { page: '/2026/story', authorName: 'Ada', body: 'A thoughtful comment.', ...overrides };
}

export interface Signed {
  headers: Record<string, string>;
  csrf: string;
  cookie: string;
}

/** Creates an editor directly in the database. */
export async function addEditor(t: TestApp, email: string, role: 'owner' | 'moderator', password = 'correct horse battery'): Promise<void> {
  const { createEditor } = await import('../../server/features/editors/editors.repo.ts');
  await createEditor(t.db, { email, role, password }, Date.UTC(2026, 10, 25), t.passwordCost);
}

/** Signs in through the API; returns the headers a dashboard sends on every later request. */
export async function signIn(t: TestApp, email: string, password = 'correct horse battery'): Promise<Signed> {
  // With the spam layers on, sign in as the dashboard does: solved challenge, a moment's pause.
  const challenge = await t.get('/api/v1/admin/session/challenge');
  const proof = challenge.body.enabled ? { formToken: challenge.body.formToken, pow: await solve(challenge.body.challenge) } : {};
  if (challenge.body.enabled) t.tick(1500);
  const res = await t.post('/api/v1/admin/session', { email, password, ...proof });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${JSON.stringify(res.body)}`);
  const cookie = res.headers.get('Set-Cookie')!.split(';')[0]!;
  return { cookie, csrf: res.body.csrfToken, headers: { Cookie: cookie, 'X-CSRF-Token': res.body.csrfToken } };
}
