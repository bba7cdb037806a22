import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aComment, addEditor, makeTestApp, type Signed, signIn, type TestApp } from '../../support/test-app.ts';

/** A comment its reader deleted is final for moderation, and a placeholder is not a comment. */

const LIST = '/api/v1/sites/news/comments';
let t: TestApp;
let mod: Signed;
beforeEach(async () => {
  t = await makeTestApp();
  await addEditor(t, 'mod@example.com', 'moderator');
  mod = await signIn(t, 'mod@example.com');
});
afterEach(() => t.close());

const act = (id: string, action: string) => t.post(`/api/v1/admin/comments/${id}/actions`, { action }, mod.headers);
const listing = async () => (await t.get(`${LIST}?page=/2026/story`)).body;
/** Comments a reader sees, placeholders included, across the whole tree. */
const shown = (comments: any[]): any[] => comments.flatMap((c) => [c, ...shown(c.replies ?? [])]);

async function post(body: string, parentId?: string) {
  const res = await t.post(LIST, aComment({ body, ...(parentId ? { parentId } : {}) }));
  expect(res.status).toBe(201);
  return res.body as { comment: { id: string }; editToken: string };
}
const deleteOwn = (c: { comment: { id: string }; editToken: string }) => t.request('DELETE', `${LIST}/${c.comment.id}`, undefined, { 'X-Edit-Token': c.editToken });

describe('a comment its reader deleted', () => {
  it('cannot be approved, rejected, marked spam, restored, featured or edited: 409, and nothing changes', async () => {
    const gone = await post('I will delete this one');
    expect((await deleteOwn(gone)).status).toBe(200);
    const before = await t.db.get(sql`select status, deleted_at, body_source from comments where id = ${gone.comment.id}`);
    for (const action of ['approve', 'reject', 'spam', 'restore', 'pin', 'delete']) {
      const res = await act(gone.comment.id, action);
      expect(res.status, action).toBe(409);
      expect(res.body.error.code).toBe('conflict');
    }
    const edit = await t.request('PATCH', `/api/v1/admin/comments/${gone.comment.id}`, { body: 'Bring it back' }, mod.headers);
    expect(edit.status).toBe(409);
    expect(await t.db.get(sql`select status, deleted_at, body_source from comments where id = ${gone.comment.id}`)).toEqual(before);
    expect((await listing()).page.commentCount).toBe(0);
    // The queue says so, so the dashboard offers nothing on it.
    const queued = (await t.get('/api/v1/admin/comments?site=news&status=deleted', mod.headers)).body.comments;
    expect(queued.map((c: any) => [c.id, c.deletedByAuthor])).toEqual([[gone.comment.id, true]]);
  });

  it('kept as a placeholder for its replies: not counted; it can be removed, and then nothing else', async () => {
    const parent = await post('The parent, soon deleted');
    await post('A reply that keeps the parent listed', parent.comment.id);
    await post('Another top-level comment');
    expect((await listing()).page.commentCount).toBe(3);
    expect((await deleteOwn(parent)).body).toEqual({ deleted: true, placeholder: true });

    let body = await listing();
    const placeholders = shown(body.comments).filter((c) => c.deleted);
    expect(placeholders).toHaveLength(1);
    // The heading counts what it shows as comments: two, beside one placeholder.
    expect(body.page.commentCount).toBe(shown(body.comments).length - placeholders.length);
    expect(body.page.commentCount).toBe(2);

    expect((await act(parent.comment.id, 'approve')).status).toBe(409);
    expect((await act(parent.comment.id, 'reject')).status).toBe(409);
    expect((await act(parent.comment.id, 'delete')).status).toBe(200);
    body = await listing();
    expect(body.page.commentCount).toBe(2);
    expect((await act(parent.comment.id, 'restore')).status).toBe(409);
    expect((await listing()).page.commentCount).toBe(2);
  });

  it('a burst of deletions and approvals at once leaves the count true', async () => {
    const parent = await post('The parent, deleted twice at once');
    await post('A reply under it', parent.comment.id);
    const results = await Promise.all([deleteOwn(parent), deleteOwn(parent), act(parent.comment.id, 'approve'), act(parent.comment.id, 'delete')]);
    expect(results.map((r) => r.status).every((s) => s < 500)).toBe(true);
    const real = await t.db.get<{ n: number }>(sql`select count(*) as n from comments where status = 'approved' and deleted_at is null`);
    expect((await listing()).page.commentCount).toBe(real!.n);
  });

  it('an erasure request that keeps placeholders stops counting them too', async () => {
    const owner = 'owner@example.com';
    await addEditor(t, owner, 'owner');
    const signed = await signIn(t, owner);
    const mine = (await t.post(LIST, aComment({ body: 'Mine, with a reply', authorEmail: 'erase-me@example.com' }))).body.comment;
    await post('A reply from someone else', mine.id);
    expect((await listing()).page.commentCount).toBe(2);
    const res = await t.post('/api/v1/admin/privacy/erase', { email: 'erase-me@example.com', doNotMail: false }, signed.headers);
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    expect((await listing()).page.commentCount).toBe(1);
  });

  it('a reported comment its reader then deleted leaves the Flagged queue and its count', async () => {
    const parent = await post('Reported, then deleted by its author');
    await post('A reply that keeps it as a placeholder', parent.comment.id);
    expect((await t.post(`${LIST}/${parent.comment.id}/flags`, { reason: 'abuse' }, { 'X-Parley-Reader': 'reporter-browser-token-01' })).status).toBeLessThan(300);
    const flagged = async () => (await t.get('/api/v1/admin/comments?site=news&status=flagged', mod.headers)).body.comments.map((c: any) => c.id);
    const counted = async () => (await t.get('/api/v1/admin/counts?site=news', mod.headers)).body.counts.flagged;
    expect(await flagged()).toEqual([parent.comment.id]);
    expect(await counted()).toBe(1);
    await deleteOwn(parent);
    expect(await flagged()).toEqual([]);
    expect(await counted()).toBe(0);
  });

  it('made-up actions and unknown ids stay 4xx', async () => {
    const gone = await post('Deleted, then poked');
    await deleteOwn(gone);
    expect((await act(gone.comment.id, 'undelete')).status).toBe(400);
    expect((await act('no-such-comment', 'approve')).status).toBe(404);
  });
});
