import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { aComment, makeTestApp, SITE_ORIGIN, type TestApp } from '../../support/test-app.ts';

const LIST = '/api/v1/sites/news/comments';
let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.close());

async function storedComments(): Promise<number> {
  const row = await t.db.get<{ n: number }>(sql`select count(*) as n from comments`);
  return row.n;
}
async function storedPages(): Promise<number> {
  const row = await t.db.get<{ n: number }>(sql`select count(*) as n from pages`);
  return row.n;
}

function expectEnvelope(res: { status: number; body: any }, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.body).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) });
  expect(res.body.error.message.length).toBeGreaterThan(5);
}

describe('unknown things', () => {
  it('answers 404 site_not_found for an unknown site, on every public route', async () => {
    expectEnvelope(await t.get('/api/v1/sites/nope/comments?page=/x'), 404, 'site_not_found');
    expectEnvelope(await t.post('/api/v1/sites/nope/comments', aComment()), 404, 'site_not_found');
    expectEnvelope(await t.get('/api/v1/sites/nope/counts?page=/x'), 404, 'site_not_found');
    expect(await storedComments()).toBe(0);
  });

  it('answers unknown API routes with the envelope', async () => {
    expectEnvelope(await t.get('/api/v1/nothing-here'), 404, 'not_found');
  });
});

describe('posting bad input stores nothing', () => {
  const cases: [string, unknown, string[]][] = [
    ['missing everything', {}, ['page', 'authorName', 'body']],
    ['empty name and body', aComment({ authorName: '   ', body: '\n\t ' }), ['authorName', 'body']],
    ['name too long', aComment({ authorName: 'n'.repeat(81) }), ['authorName']],
    ['body too long', aComment({ body: 'b'.repeat(10_001) }), ['body']],
    ['bad email', aComment({ authorEmail: 'not-an-email' }), ['authorEmail']],
    ['email with display name', aComment({ authorEmail: 'Ada <ada@example.com>' }), ['authorEmail']],
    ['lone surrogate in email', aComment({ authorEmail: '\ud800@example.com' }), ['authorEmail']],
    ['lone surrogate in body', aComment({ body: 'broken \udc00 text' }), ['body']],
    ['wrong types', aComment({ authorName: 42, body: ['x'], parentId: 7 }), ['authorName', 'body', 'parentId']],
    ['javascript page url', aComment({ url: 'javascript:alert(1)' }), ['url']],
  ];
  for (const [name, body, fields] of cases) {
    it(`refuses ${name} with 400 naming ${fields.join(', ')}`, async () => {
      const res = await t.post(LIST, body);
      expectEnvelope(res, 400, 'invalid_request');
      expect(Object.keys(res.body.error.fields).sort()).toEqual([...fields].sort());
      expect(await storedComments()).toBe(0);
      expect(await storedPages()).toBe(0);
    });
  }

  it('refuses a 20,000-character comment whole, with a message that names the limit', async () => {
    const res = await t.post(LIST, aComment({ body: 'word '.repeat(4_000) }));
    expectEnvelope(res, 400, 'invalid_request');
    expect(res.body.error.fields.body).toBe('Comment must be at most 10,000 characters.');
    expect(await storedComments()).toBe(0);
  });

  it('accepts exactly the limits (80-character name, 10,000-character body, counted in characters)', async () => {
    const res = await t.post(LIST, aComment({ authorName: '😀'.repeat(80), body: 'é'.repeat(10_000) }));
    expect(res.status).toBe(201);
  });

  it('refuses a body that is not JSON, or not an object', async () => {
    for (const raw of ['{"page":', 'null', '[1,2]', '"text"', '']) {
      expectEnvelope(await t.post(LIST, raw), 400, 'invalid_request');
    }
    expect(await storedComments()).toBe(0);
  });

  it('answers 413 for a body over 64 KB', async () => {
    const res = await t.post(LIST, aComment({ body: 'x'.repeat(70 * 1024) }));
    expectEnvelope(res, 413, 'payload_too_large');
    expect(await storedComments()).toBe(0);
  });

  it('refuses a reply whose parent is on another page, or does not exist', async () => {
    const other = (await t.post(LIST, aComment({ page: '/other' }))).body.comment;
    await t.post(LIST, aComment());
    const before = await storedComments();
    const res = await t.post(LIST, aComment({ parentId: other.id }));
    expectEnvelope(res, 400, 'invalid_request');
    expect(res.body.error.fields).toHaveProperty('parentId');
    expectEnvelope(await t.post(LIST, aComment({ parentId: 'does-not-exist' })), 400, 'invalid_request');
    // A reply on a page that does not exist yet cannot have a parent there either.
    expectEnvelope(await t.post(LIST, aComment({ page: '/brand-new', parentId: other.id })), 400, 'invalid_request');
    expect(await storedComments()).toBe(before);
    expect(await storedPages()).toBe(2);
  });

  it('refuses comments on a closed page with 403 page_closed', async () => {
    await t.post(LIST, aComment());
    await t.db.run(sql`update pages set closed = 1`);
    const before = await storedComments();
    expectEnvelope(await t.post(LIST, aComment()), 403, 'page_closed');
    expect(await storedComments()).toBe(before);
    const list = await t.get(`${LIST}?page=/2026/story`);
    expect(list.body.page.closed).toBe(true);
  });
});

describe('listing bad input', () => {
  const cases: [string, string][] = [
    ['no page', ''],
    ['an unknown sort', 'page=/x&sort=random'],
    ['limit 0', 'page=/x&limit=0'],
    ['limit 51 (more threads than a listing carries)', 'page=/x&limit=51'],
    ['a non-numeric limit', 'page=/x&limit=ten'],
    ['a garbage cursor', 'page=/x&cursor=%%%'],
    ['a cursor that is JSON of the wrong shape', `page=/x&cursor=${btoa('{"a":1}')}`],
  ];
  for (const [name, query] of cases) {
    it(`answers 400 for ${name}`, async () => {
      expectEnvelope(await t.get(`${LIST}?${query}`), 400, 'invalid_request');
    });
  }

  it('refuses a cursor made for another sort', async () => {
    for (let i = 0; i < 3; i++) await t.post(LIST, aComment());
    const res = await t.get(`${LIST}?page=/2026/story&limit=1&sort=newest`);
    expectEnvelope(await t.get(`${LIST}?page=/2026/story&sort=top&cursor=${res.body.nextCursor}`), 400, 'invalid_request');
  });

  it('refuses counts for no page or more than 50 pages', async () => {
    expectEnvelope(await t.get('/api/v1/sites/news/counts'), 400, 'invalid_request');
    const many = Array.from({ length: 51 }, (_, i) => `page=/p${i}`).join('&');
    expectEnvelope(await t.get(`/api/v1/sites/news/counts?${many}`), 400, 'invalid_request');
  });
});

describe('CORS', () => {
  it('lets an allowed origin read answers, and no other', async () => {
    const allowed = await t.get(`${LIST}?page=/x`, { Origin: SITE_ORIGIN });
    expect(allowed.headers.get('Access-Control-Allow-Origin')).toBe(SITE_ORIGIN);
    const other = await t.get(`${LIST}?page=/x`, { Origin: 'https://evil.example' });
    expect(other.status).toBe(200);
    expect(other.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });

  it('answers the preflight of an allowed origin', async () => {
    const res = await t.app.request(LIST, {
      method: 'OPTIONS',
      headers: { Origin: SITE_ORIGIN, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe(SITE_ORIGIN);
    expect(res.headers.get('Access-Control-Allow-Methods')).toContain('POST');
  });

  it('refuses a write from another origin and stores nothing', async () => {
    const res = await t.post(LIST, aComment(), { Origin: 'https://evil.example' });
    expectEnvelope(res, 403, 'origin_not_allowed');
    expect(await storedComments()).toBe(0);
    expect((await t.post(LIST, aComment(), { Origin: SITE_ORIGIN })).status).toBe(201);
  });
});
