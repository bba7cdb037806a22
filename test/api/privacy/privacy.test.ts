import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppDb } from '../../../db/client.ts';
import { LIST, populate, type Populated } from '../../support/populated.ts';
import { aComment, signIn, type Signed, makeTestApp, type TestApp } from '../../support/test-app.ts';

const ADA = 'ada@example.com';

/** "table.column" of every cell in the database whose text contains `needle` (case-insensitive). */
async function cellsContaining(db: AppDb, needle: string): Promise<string[]> {
  const found: string[] = [];
  const tables = await db.all<{ name: string }>(sql`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`);
  for (const { name } of tables) {
    const columns = await db.all<{ name: string }>(sql.raw(`select name from pragma_table_info('${name}')`));
    for (const col of columns) {
      const row = await db.get<{ n: number }>(sql`select count(*) as n from ${sql.identifier(name)} where instr(lower(cast(${sql.identifier(col.name)} as text)), ${needle.toLowerCase()}) > 0`);
      if (row && row.n > 0) found.push(`${name}.${col.name}`);
    }
  }
  return found;
}

let t: TestApp;
let f: Populated;
let owner: Signed;
const find = (email: string, who = owner) => t.post('/api/v1/admin/privacy/find', { email }, who.headers);
const erase = (email: string, doNotMail: boolean, who = owner) => t.post('/api/v1/admin/privacy/erase', { email, doNotMail }, who.headers);
const thread = async (page = '/2026/story') => (await t.get(`${LIST}?page=${encodeURIComponent(page)}`)).body;

beforeEach(async () => {
  t = await makeTestApp();
  f = await populate(t);
  owner = f.owner;
  // A thread Ada only answered herself: nothing needs to stay of it.
  f.ids.adaSolo = (await t.post(LIST, aComment({ authorName: 'Ada Reader', authorEmail: ADA, body: 'Ada solo thread', page: '/2026/solo' }))).body.comment.id;
  f.ids.adaSoloReply = (await t.post(LIST, aComment({ authorName: 'Ada Reader', authorEmail: ADA, body: 'Ada adds to herself', page: '/2026/solo', parentId: f.ids.adaSolo }))).body.comment.id;
});
afterEach(() => t.close());

describe('privacy requests: find and export', () => {
  it('finds every comment, subscription, mail and do-not-mail entry of an address across sites, whatever its case', async () => {
    const res = await find('  ADA@Example.com ');
    expect(res.status).toBe(200);
    const data = res.body;
    expect(data.email).toBe(ADA);
    expect(data.comments.map((c: any) => c.id).sort()).toEqual([f.ids.root, f.ids.adaReply, f.ids.adaLeaf, f.ids.otherSite, f.ids.adaSolo, f.ids.adaSoloReply].sort());
    const root = data.comments.find((c: any) => c.id === f.ids.root);
    expect(root).toMatchObject({ site: 'news', page: { key: '/2026/story' }, authorName: 'Ada Reader', replies: 1, status: 'approved' });
    expect(root.body).toContain('First, with **bold**');
    expect(data.subscribers.map((s: any) => s.site)).toEqual(['news', 'other']);
    expect(data.subscribers[0].subscriptions.map((s: any) => `${s.topic}:${s.status}`).sort()).toEqual(['newsletter:confirmed', 'page:confirmed']);
    expect(data.emails.length).toBeGreaterThanOrEqual(2);
    expect(data.doNotMail).toBeNull();
    expect(data.bans).toEqual([]);
    // Nothing of anyone else.
    expect(JSON.stringify(data)).not.toContain('bob@example.com');
    expect(JSON.stringify(data)).not.toContain('A reply to Ada');
  });

  it('exports the same data as a JSON download', async () => {
    const res = await t.app.request('/api/v1/admin/privacy/export', { method: 'POST', headers: { ...owner.headers, 'Content-Type': 'application/json' }, body: JSON.stringify({ email: ADA }) });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Disposition')).toBe('attachment; filename="parley-personal-data.json"');
    expect(res.headers.get('Content-Type')).toContain('application/json');
    const data = JSON.parse(await res.text());
    expect(data).toMatchObject({ format: 'parley-personal-data', version: 1, email: ADA });
    const found = (await find(ADA)).body;
    expect({ ...data, exportedAt: '' }).toEqual({ ...found, exportedAt: '' });
  });

  it('is for owners only, signed in, with a valid address', async () => {
    const mod = await signIn(t, 'mod@example.com');
    expect((await find(ADA, mod)).status).toBe(403);
    expect((await erase(ADA, false, mod)).status).toBe(403);
    expect((await t.post('/api/v1/admin/privacy/find', { email: ADA })).status).toBe(401);
    const bad = await find('not-an-email');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.email).toBeTruthy();
    const noChoice = await t.post('/api/v1/admin/privacy/erase', { email: ADA }, owner.headers);
    expect(noChoice.status).toBe(400);
    expect(noChoice.body.error.fields.doNotMail).toBeTruthy();
    expect((await find(ADA)).body.comments).toHaveLength(6);
  });
});

describe('privacy requests: erase', () => {
  it('removes what nobody answered, keeps answered comments as text-free placeholders in the same thread shape, and leaves the address nowhere', async () => {
    const storyBefore = await thread();
    expect(storyBefore.comments.find((c: any) => c.id === f.ids.root).replies[0].replies[0].id).toBe(f.ids.adaReply);
    const res = await erase(ADA, false);
    expect(res.status).toBe(200);
    expect(res.body.erased).toMatchObject({ commentsRemoved: 5, commentsAnonymised: 1, subscribersRemoved: 2, bansKept: 0, doNotMail: false });
    expect(res.body.erased.emailHash).toMatch(/^hmac-sha256:[0-9a-f]{32}$/);

    // The thread keeps its shape: Bob's reply still hangs from the (now empty) first comment.
    const story = await thread();
    const root = story.comments.find((c: any) => c.id === f.ids.root);
    expect(root).toMatchObject({ authorName: '', bodyHtml: '', deleted: true });
    expect(root.replies.map((r: any) => r.id)).toEqual([f.ids.reply]);
    expect(root.replies[0].replies).toEqual([]);
    // Ada's reply left and her first comment is now a placeholder, which is not a comment.
    expect(story.page.commentCount).toBe(storyBefore.page.commentCount - 2);
    expect((await thread('/2026/other-story')).comments).toEqual([]);
    expect((await thread('/2026/other-story')).page.commentCount).toBe(0);
    expect((await thread('/2026/solo')).comments).toEqual([]);

    // Not a trace of the address, the name or the words, in any column of any table.
    expect(await cellsContaining(t.db, ADA)).toEqual([]);
    expect(await cellsContaining(t.db, 'Ada Reader')).toEqual([]);
    for (const words of ['First, with', 'Ada answers Bob', 'Ada alone', 'Ada on the other site', 'Ada solo']) expect(await cellsContaining(t.db, words)).toEqual([]);
    const placeholder = await t.db.get<Record<string, unknown>>(sql`select * from comments where id = ${f.ids.root}`);
    expect(placeholder).toMatchObject({ status: 'approved', author_name: '', author_email: null, identity_id: null, author_key: null, body_source: '', body_html: '', ip_hash: null, edit_token_hash: null, body_hash: null });
    expect(placeholder!.deleted_at).toBeGreaterThan(0);
    // The rest left the discussion the way a reader's own deletion does: status deleted, nothing left in them.
    const gone = await t.db.all<Record<string, unknown>>(sql`select status, author_name, body_source, deleted_at from comments where id in (${f.ids.adaReply}, ${f.ids.adaLeaf}, ${f.ids.adaSolo})`);
    expect(gone.map((g) => [g.status, g.author_name, g.body_source, typeof g.deleted_at])).toEqual([...Array(3)].map(() => ['deleted', '', '', 'number']));
    // Its votes stay: they are other readers'.
    expect((await t.db.get<{ n: number }>(sql`select count(*) as n from votes where comment_id = ${f.ids.root}`))!.n).toBe(2);
    // Everyone else is untouched.
    expect((await find('bob@example.com')).body.comments).toHaveLength(2);
    expect((await find('carol@example.com')).body.subscribers).toHaveLength(1);
  });

  it('records the erasure in each affected site audit log under a keyed hash, never the address', async () => {
    const first = (await erase(ADA, false)).body.erased;
    const audit = await t.db.all<{ site_id: string; action: string; target: string; reason: string; editor_email: string }>(sql`select * from audit_log where action = 'privacy.erase' order by site_id`);
    expect(audit.map((a) => a.site_id)).toEqual(['news', 'other']);
    for (const a of audit) {
      expect(a.target).toBe(first.emailHash);
      expect(a.editor_email).toBe('owner@example.com');
      expect(a.reason).toBe('5 comments removed, 1 kept as placeholders, 2 subscribers removed, do-not-mail: no');
    }
    const listed = await t.get('/api/v1/admin/audit?site=news', owner.headers);
    expect(listed.body.entries[0]).toMatchObject({ action: 'privacy.erase', target: first.emailHash });
    // The same address always hashes alike (so "did we erase X?" can be answered), another does not.
    const again = (await erase('ADA@example.com', false)).body.erased;
    expect(again.emailHash).toBe(first.emailHash);
    expect((await erase('bob@example.com', false)).body.erased.emailHash).not.toBe(first.emailHash);
  });

  it('puts the address on the do-not-mail list only when the person asked, and then nothing mails it again', async () => {
    await erase(ADA, true);
    expect(await cellsContaining(t.db, ADA)).toEqual(['suppressions.email']);
    expect(await t.db.all(sql`select email, reason from suppressions where email = ${ADA}`)).toEqual([{ email: ADA, reason: 'request' }]);
    expect((await t.post('/api/v1/sites/news/subscriptions', { email: ADA })).status).toBe(202);
    expect(await t.db.all(sql`select id from outbox where to_email = ${ADA}`)).toEqual([]);
    expect((await find(ADA)).body.doNotMail).toMatchObject({ reason: 'request' });
  });

  it('without the tick, an earlier bounce entry goes too (it is their data); bans naming them are kept and reported', async () => {
    await t.db.run(sql`insert into suppressions (email, reason, created_at) values (${ADA}, 'bounce', 1)`);
    await t.post('/api/v1/admin/bans', { site: 'news', kind: 'email', value: ADA, reason: 'abuse' }, owner.headers);
    const res = await erase(ADA, false);
    expect(res.body.erased.bansKept).toBe(1);
    expect(await cellsContaining(t.db, ADA)).toEqual(['bans.value']);
  });

  it('drops mail still queued to the address and keeps only a contentless row of mail already sent', async () => {
    await t.db.run(sql`update outbox set status = 'sent' where to_email = ${ADA} and kind = 'confirm'`);
    await t.db.run(sql`insert into outbox (id, kind, to_email, subject, html, text, idempotency_key, status, next_attempt_at, created_at) values ('q1', 'story', ${ADA}, 'S', 'h', 't', 'k-q1', 'queued', 0, 0)`);
    const sentBefore = (await t.db.get<{ n: number }>(sql`select count(*) as n from outbox where to_email = ${ADA} and status = 'sent'`))!.n;
    expect(sentBefore).toBeGreaterThan(0);
    await erase(ADA, false);
    expect(await t.db.all(sql`select id from outbox where id = 'q1'`)).toEqual([]);
    const kept = await t.db.all<{ subject: string; html: string; text: string }>(sql`select subject, html, text from outbox where to_email = '[erased]'`);
    expect(kept).toHaveLength(sentBefore);
    expect(kept.every((m) => m.subject === '' && m.html === '' && m.text === '')).toBe(true);
  });

  it('a reply posted while the erasure runs turns a comment that was leaving into a placeholder', async () => {
    const { eraseEmail } = await import('../../../server/features/privacy/erase.ts');
    // The reply lands between the erasure's reads and its write (the last read counts bans).
    let replied = false;
    const racing = new Proxy(t.db, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (prop !== 'get' || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
        return async (...args: unknown[]) => {
          if (!replied) {
            replied = true;
            expect((await t.post(LIST, aComment({ authorName: 'Late', body: 'Late reply', page: '/2026/other-story', parentId: f.ids.adaLeaf }))).status).toBe(201);
          }
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    await t.request('POST', `/api/v1/admin/sites/news/pages/${encodeURIComponent('/2026/other-story')}/reopen`, {}, owner.headers);
    // adaLeaf's page was closed by the fixture; reopened so the late reply can be posted.
    const report = await eraseEmail(racing, { email: ADA, doNotMail: false, actor: { reader: true }, secret: 's', now: Date.UTC(2026, 11, 1) });
    expect(replied).toBe(true);
    expect(report.commentsRemoved).toBe(5); // decided before the reply came
    const leaf = (await thread('/2026/other-story')).comments;
    expect(leaf.map((c: any) => [c.id, c.deleted, c.authorName, c.replies.map((r: any) => r.authorName)])).toEqual([[f.ids.adaLeaf, true, '', ['Late']]]);
    // The late reply counts; the placeholder above it does not.
    expect((await thread('/2026/other-story')).page.commentCount).toBe(1);
    expect(await cellsContaining(t.db, ADA)).toEqual([]);
  });

  it('an address with nothing stored erases to nothing and is still audited', async () => {
    const res = await erase('nobody@example.com', false);
    expect(res.body.erased).toMatchObject({ commentsRemoved: 0, commentsAnonymised: 0, subscribersRemoved: 0 });
    expect(await t.db.all(sql`select site_id from audit_log where action = 'privacy.erase'`)).toEqual([{ site_id: null }]);
  });
});
