import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { csvRecords } from '../../../server/csv.ts';
import { addEditor, makeTestApp, type Signed, signIn, type TestApp } from '../../support/test-app.ts';

/*
 * The subscriber export reads the list in pages of 2,000 and streams them: a list of several
 * pages, with many subscribers created in the same millisecond, comes out whole, each once,
 * newest first, with the list's own topics, filtered as asked.
 */

const SUBSCRIBERS = 4_321;
let t: TestApp;
let owner: Signed;
beforeEach(async () => {
  t = await makeTestApp();
  await addEditor(t, 'owner@example.com', 'owner');
  owner = await signIn(t, 'owner@example.com');
  const at = Date.UTC(2026, 10, 1);
  // Groups of ten share a created_at: the pages' keyset must break ties by id.
  await t.db.run(sql`with recursive n(i) as (select 0 union all select i + 1 from n where i < ${SUBSCRIBERS - 1})
    insert into subscribers (id, site_id, email, name, status, token, created_at, updated_at)
    select printf('s%05d', i), 'news', printf('reader%05d@example.com', i), case when i % 7 = 0 then 'Ana, "the" reader' end, 'active', 't' || i, ${at} + (i / 10) * 1000, ${at} from n`);
  await t.db.run(sql`insert into subscriptions (id, subscriber_id, topic, target, status, created_at)
    select 'n' || id, id, 'newsletter', '', case when cast(substr(id, 2) as integer) % 5 = 0 then 'unsubscribed' else 'confirmed' end, created_at from subscribers where site_id = 'news'`);
  await t.db.run(sql`insert into subscriptions (id, subscriber_id, topic, target, status, created_at)
    select 'p' || id, id, 'page', '/2026/story', 'confirmed', created_at from subscribers where site_id = 'news' and cast(substr(id, 2) as integer) % 3 = 0`);
});
afterEach(() => t.close());

async function exported(query = ''): Promise<string[][]> {
  const res = await t.app.request(`/api/v1/admin/sites/news/subscribers/export${query}`, { headers: owner.headers });
  expect(res.status).toBe(200);
  expect(res.headers.get('Content-Disposition')).toBe('attachment; filename="subscribers-news.csv"');
  return csvRecords(await res.text()).map((r) => r.fields);
}

describe('the subscriber export', () => {
  it('streams the whole list across pages, each subscriber once, newest first, with their topics', async () => {
    const [header, ...rows] = await exported();
    expect(header).toEqual(['email', 'name', 'status', 'topics', 'created_at']);
    expect(rows).toHaveLength(SUBSCRIBERS);
    const expected = Array.from({ length: SUBSCRIBERS }, (_, i) => SUBSCRIBERS - 1 - i).map((i) => `reader${String(i).padStart(5, '0')}@example.com`);
    expect(rows.map((r) => r[0])).toEqual(expected);
    const reader = (i: number) => rows.find((r) => r[0] === `reader${String(i).padStart(5, '0')}@example.com`)!;
    expect(reader(21)).toEqual(['reader00021@example.com', 'Ana, "the" reader', 'active', 'newsletter:confirmed page:confirmed', '2026-11-01T00:00:02.000Z']);
    expect(reader(10)[3]).toBe('newsletter:unsubscribed');
    // The dashboard's list says the same of the newest.
    const list = await t.get('/api/v1/admin/sites/news/subscribers?limit=3', owner.headers);
    expect(list.body.subscribers.map((s: any) => [s.email, s.topics.map((x: any) => `${x.topic}:${x.status}`).join(' ')])).toEqual(rows.slice(0, 3).map((r) => [r[0], r[3]]));
    expect(Object.keys(list.body.subscribers[0]).sort()).toEqual(['createdAt', 'email', 'id', 'name', 'status', 'topics']);
  });

  it('exports only those the filter names, across pages too', async () => {
    const [, ...unsubscribed] = await exported('?status=unsubscribed');
    expect(unsubscribed).toHaveLength(Math.ceil(SUBSCRIBERS / 5));
    expect(unsubscribed.every((r) => r[3]!.includes('newsletter:unsubscribed'))).toBe(true);
    const [, ...one] = await exported('?q=reader04242');
    expect(one.map((r) => r[0])).toEqual(['reader04242@example.com']);
    const [only, ...none] = await exported('?q=nobody');
    expect([only, none]).toEqual([['email', 'name', 'status', 'topics', 'created_at'], []]);
  });

  it("pages the dashboard's list with an opaque cursor: every subscriber once, and 400 for a made-up cursor", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await t.get(`/api/v1/admin/sites/news/subscribers${query}`, owner.headers);
      expect(res.status).toBe(200);
      seen.push(...res.body.subscribers.map((s: any) => s.email));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(Math.ceil(SUBSCRIBERS / 500));
    expect(seen).toEqual((await exported()).slice(1).map((r) => r[0]));
    for (const made of ['not-a-cursor', 'WzEsMiwzXQ', Buffer.from('["x","y"]').toString('base64url')]) {
      const res = await t.get(`/api/v1/admin/sites/news/subscribers?cursor=${made}`, owner.headers);
      expect(res.status, made).toBe(400);
      expect(res.body.error.fields).toEqual({ cursor: 'Cursor is not valid.' });
    }
  });

  it('is for owners only', async () => {
    await addEditor(t, 'mod@example.com', 'moderator');
    const mod = await signIn(t, 'mod@example.com');
    const res = await t.app.request('/api/v1/admin/sites/news/subscribers/export', { headers: mod.headers });
    expect(res.status).toBe(403);
  });
});
