import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aComment, makeTestApp, SITE_ORIGIN, type TestApp } from '../../support/test-app.ts';

const LIST = '/api/v1/sites/news/comments';
const NFC = '/caf\u00e9';
const NFD = '/cafe\u0301';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.close());

describe('page keys', () => {
  it('are one page whether the accent is precomposed (NFC) or combining (NFD)', async () => {
    expect(NFC).not.toBe(NFD);
    const a = await t.post(LIST, aComment({ page: NFC, body: 'Precomposed.' }));
    const b = await t.post(LIST, aComment({ page: NFD, body: 'Combining.' }));
    expect([a.status, b.status]).toEqual([201, 201]);
    const pages = await t.db.all<{ key: string }>(sql`select key from pages`);
    expect(pages).toEqual([{ key: NFC }]);
    const listed = await t.get(`${LIST}?page=${encodeURIComponent(NFD)}`);
    expect(listed.body.comments).toHaveLength(2);
    // The count script looks the answer up by the key it sent.
    const counts = await t.get(`/api/v1/sites/news/counts?page=${encodeURIComponent(NFD)}`);
    expect(counts.body.counts[NFD]).toBe(2);
    expect(counts.body.counts[NFC]).toBe(2);
  });
});

describe('names', () => {
  it('lose zero-width and format characters, and fullwidth look-alikes fold to plain letters', async () => {
    const cases: [string, string][] = [
      ['Ad\u200bmin', 'Admin'],
      ['\uff21\uff44\uff4d\uff49\uff4e', 'Admin'],
      ['A\u2060d\u00admin\u200d', 'Admin'],
      ['\u202eAda\u202c  Lovelace\u3000', 'Ada Lovelace'],
      ['Zoë', 'Zoë'],
      ['李小龍', '李小龍'],
    ];
    for (const [sent, stored] of cases) {
      const res = await t.post(LIST, aComment({ authorName: sent, body: `Comment by ${stored} ${sent.length}` }));
      expect(res.status).toBe(201);
      expect(res.body.comment.authorName).toBe(stored);
    }
  });

  it('are refused with a field error when nothing visible is left', async () => {
    for (const name of ['\u200b', '\u200b\u200c\u200d\ufeff', '\u2060 \u00ad', '\u3164']) {
      const res = await t.post(LIST, aComment({ authorName: name }));
      expect(res.status).toBe(400);
      expect(res.body.error.fields).toHaveProperty('authorName');
    }
    const reader = await t.post('/api/v1/sites/news/auth/email', { email: 'ada@example.com', name: '\u200b\u200b', returnUrl: `${SITE_ORIGIN}/x` });
    expect(reader.status).toBe(400);
    expect(reader.body.error.fields).toHaveProperty('name');
    expect((await t.db.get<{ n: number }>(sql`select count(*) as n from comments`)).n).toBe(0);
  });
});
