import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../server/config.ts';
import { workerConfig } from '../../../server/entry/worker-config.ts';
import { chunked, queryInChunks, rowsPerInsert } from '../../../db/chunks.ts';
import { comments, outbox } from '../../../db/schema.ts';
import { getTableColumns } from 'drizzle-orm';

const SECRET = 'a'.repeat(64);

describe('workerConfig', () => {
  it('reads vars and secrets with the Node rules, ignoring bindings that are not strings', () => {
    const config = workerConfig({ DB: {}, ASSETS: {}, PARLEY_SECRET: SECRET, PUBLIC_URL: 'https://comments.example.com/', MAIL_FROM: 'News <n@example.com>', SPAM_DEFENCES: 'off' });
    expect(config).toMatchObject({ secret: SECRET, publicUrl: 'https://comments.example.com', mailFrom: 'News <n@example.com>', spamDefences: false });
  });

  it('uses the request origin when PUBLIC_URL is not set, and PUBLIC_URL when it is', () => {
    expect(workerConfig({ PARLEY_SECRET: SECRET }, 'https://parley.acct.workers.dev').publicUrl).toBe('https://parley.acct.workers.dev');
    expect(workerConfig({ PARLEY_SECRET: SECRET, PUBLIC_URL: 'https://c.example.com' }, 'https://parley.acct.workers.dev').publicUrl).toBe('https://c.example.com');
  });

  it('requires PARLEY_SECRET and says how to set it', () => {
    expect(() => workerConfig({}, 'http://localhost:8788')).toThrow(ConfigError);
    expect(() => workerConfig({}, 'http://localhost:8788')).toThrow(/wrangler secret put PARLEY_SECRET/);
  });

  it('names a bad variable as on Node', () => {
    expect(() => workerConfig({ PARLEY_SECRET: SECRET, RESEND_API_KEY: 'nope' })).toThrow(/RESEND_API_KEY="nope": must be a Resend API key/);
  });
});

describe('chunks under D1’s 100 bound parameters', () => {
  it('splits lists into slices, keeping order', () => {
    expect(chunked([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunked([], 2)).toEqual([]);
    expect(chunked(Array.from({ length: 200 }, (_, i) => i)).map((c) => c.length)).toEqual([80, 80, 40]);
  });

  it('runs one query per slice and concatenates the rows, whether the driver answers now or later', async () => {
    const seen: number[][] = [];
    const rows = await queryInChunks([1, 2, 3], (slice) => (seen.push(slice), slice.length > 1 ? Promise.resolve(slice.map(String)) : slice.map(String)), 2);
    expect(seen).toEqual([[1, 2], [3]]);
    expect(rows).toEqual(['1', '2', '3']);
  });

  it('sizes multi-row inserts by every column of the table', () => {
    for (const table of [outbox, comments]) {
      const columns = Object.keys(getTableColumns(table)).length;
      expect(rowsPerInsert(table) * columns).toBeLessThanOrEqual(100);
      expect((rowsPerInsert(table) + 1) * columns).toBeGreaterThan(100);
    }
  });
});
