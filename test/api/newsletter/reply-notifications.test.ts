import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aComment, addEditor, makeTestApp, type Signed, signIn, type TestApp } from '../../support/test-app.ts';

const LIST = '/api/v1/sites/news/comments';
let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.close());

const outboxRows = () => t.db.all<{ kind: string; to_email: string; subject: string; text: string; html: string; headers: string }>(sql`select * from outbox order by created_at`);
async function confirmLatest() {
  const rows = await outboxRows();
  const confirm = rows.filter((r) => r.kind === 'confirm').at(-1)!;
  await t.app.request(/\/newsletter\/confirm\/[\w.-]+/.exec(confirm.text)![0], { method: 'POST' });
}

describe('reply notifications', () => {
  it('asks a new address to confirm, then mails the author once per published reply, never for their own', async () => {
    const parent = (await t.post(LIST, aComment({ authorEmail: 'ada@example.com', notifyReplies: true }))).body.comment;
    expect((await outboxRows()).map((r) => r.kind)).toEqual(['confirm']);
    // Not confirmed yet: no notification.
    await t.post(LIST, aComment({ parentId: parent.id, authorName: 'Early', body: 'early reply' }));
    expect((await outboxRows()).filter((r) => r.kind === 'reply')).toHaveLength(0);
    await confirmLatest();

    await t.post(LIST, aComment({ parentId: parent.id, authorName: '<b>Bob</b>', body: 'I **disagree**' }));
    await t.post(LIST, aComment({ parentId: parent.id, authorEmail: 'ADA@example.com', body: 'answering myself' }));
    const replies = (await outboxRows()).filter((r) => r.kind === 'reply');
    expect(replies).toHaveLength(1);
    const [mail] = replies;
    expect(mail!.to_email).toBe('ada@example.com');
    expect(mail!.subject).toBe('New reply to your comment on Example News');
    expect(mail!.html).toContain('&lt;b&gt;Bob&lt;/b&gt;');
    expect(mail!.html).toContain('<strong>disagree</strong>');
    expect(JSON.parse(mail!.headers)).toMatchObject({ 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
    expect(mail!.text).toMatch(/#comment-[0-9a-z]+/);
  });

  it('confirms at once for an address proven before, and mails when a held reply is approved', async () => {
    const first = (await t.post(LIST, aComment({ authorEmail: 'ada@example.com', notifyReplies: true }))).body.comment;
    await confirmLatest();
    const second = (await t.post(LIST, aComment({ authorEmail: 'ada@example.com', notifyReplies: true, body: 'second' }))).body.comment;
    expect((await outboxRows()).filter((r) => r.kind === 'confirm')).toHaveLength(1);

    await addEditor(t, 'owner@example.com', 'owner');
    const owner: Signed = await signIn(t, 'owner@example.com');
    await t.request('PATCH', '/api/v1/admin/sites/news', { moderationMode: 'pre' }, owner.headers);
    const held = (await t.post(LIST, aComment({ parentId: second.id, body: 'held reply' }))).body.comment;
    expect((await outboxRows()).filter((r) => r.kind === 'reply')).toHaveLength(0);
    await t.post(`/api/v1/admin/comments/${held.id}/actions`, { action: 'approve' }, owner.headers);
    await t.post(`/api/v1/admin/comments/${held.id}/actions`, { action: 'reject' }, owner.headers);
    await t.post(`/api/v1/admin/comments/${held.id}/actions`, { action: 'approve' }, owner.headers);
    expect((await outboxRows()).filter((r) => r.kind === 'reply')).toHaveLength(1);
    expect(first.id).not.toBe(second.id);
  });

  it('needs an email address to notify', async () => {
    const res = await t.post(LIST, aComment({ notifyReplies: true }));
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toHaveProperty('authorEmail');
  });
});
