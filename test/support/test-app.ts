import { openSqlite } from '../../db/open-sqlite.ts';
import type { AppDb } from '../../db/client.ts';
import { createApp } from '../../server/app.ts';
import { createSiteIfMissing } from '../../server/features/sites/sites.repo.ts';

export const SITE_ORIGIN = 'https://news.example.com';

export interface TestApp {
  app: ReturnType<typeof createApp>;
  db: AppDb;
  /** Moves the test clock forward. */
  tick(ms?: number): void;
  /** GET a path; JSON body parsed when there is one. */
  get(path: string, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>;
  /** POST JSON (or a raw string) to a path. */
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>;
  close(): void;
}

/**
 * The real app over a migrated in-memory SQLite database, with a site `news` that allows
 * {@link SITE_ORIGIN}, a stepping clock and a fixed client IP.
 */
export async function makeTestApp(options: { moderationMode?: 'post' | 'pre' | 'first' } = {}): Promise<TestApp> {
  const { db, close } = openSqlite(':memory:');
  let clock = Date.UTC(2026, 10, 25, 12, 0, 0);
  await createSiteIfMissing(db, { id: 'news', name: 'Example News', allowedOrigins: [SITE_ORIGIN], moderationMode: options.moderationMode ?? 'post' }, clock);
  const app = createApp(
    {
      db,
      // Each reading advances a millisecond so comments posted in a row keep their order.
      now: () => clock++,
      publicUrl: 'http://parley.test',
      secret: 'test-secret-test-secret-test-secret',
      clientIp: () => '203.0.113.7',
      log: () => {},
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
    tick: (ms = 1000) => {
      clock += ms;
    },
    get: async (path, headers = {}) => read(await app.request(path, { headers })),
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
