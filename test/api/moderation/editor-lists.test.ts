import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aComment, addEditor, makeTestApp, type Signed, signIn, type TestApp } from '../../support/test-app.ts';

/** What editors read in the audit log and the bans list: names, words and values, not bare ids. */

const LIST = '/api/v1/sites/news/comments';
let t: TestApp;
let owner: Signed;
let mod: Signed;
beforeEach(async () => {
  t = await makeTestApp();
  await addEditor(t, 'owner@example.com', 'owner');
  await addEditor(t, 'mod@example.com', 'moderator');
  owner = await signIn(t, 'owner@example.com');
  mod = await signIn(t, 'mod@example.com');
});
afterEach(() => t.close());

const audit = async () => (await t.get('/api/v1/admin/audit?site=news', owner.headers)).body.entries;
const settings = (patch: Record<string, unknown>) => t.request('PATCH', '/api/v1/admin/sites/news', patch, owner.headers);

describe('audit log', () => {
  it('a settings entry names only the settings that changed, before → after, and saving unchanged settings logs nothing', async () => {
    const site = (await t.get('/api/v1/admin/sites/news', owner.headers)).body.site;
    // What the dashboard sends on Save: the whole form, with two values changed.
    const whole = { name: site.name, moderationMode: 'pre', allowedOrigins: site.allowedOrigins, flagThreshold: site.flagThreshold, autoCloseDays: null, banAction: site.banAction, editWindowMinutes: site.editWindowMinutes, wordLists: { banned: [], suspect: ['scam'] }, spam: { ...site.spam, maxLinks: 5 } };
    expect((await settings(whole)).status).toBe(200);
    const [entry] = await audit();
    expect(entry.action).toBe('settings.update');
    expect(JSON.parse(entry.target)).toEqual([
      { setting: 'moderationMode', before: 'post', after: 'pre' },
      { setting: 'spam.maxLinks', before: '2', after: '5' },
      { setting: 'wordLists.suspect', before: '(none)', after: 'scam' },
    ]);
    expect((await settings(whole)).status).toBe(200);
    expect(await audit()).toHaveLength(1);
  });

  it('never writes a secret to the log, only that it changed', async () => {
    const secret = 'a'.repeat(40);
    expect((await settings({ ssoSecret: secret })).status).toBe(200);
    const [entry] = await audit();
    expect(entry.target).not.toContain(secret);
    expect(JSON.parse(entry.target)).toEqual([{ setting: 'ssoSecret', before: '(none)', after: 'changed' }]);
  });

  it('shows each entry’s comment by author and opening words, and nothing of a comment its reader deleted', async () => {
    const long = `${'Harbour '.repeat(30)}end`;
    const c = (await t.post(LIST, aComment({ authorName: 'Ada Lovelace', body: long }))).body;
    await t.post(`/api/v1/admin/comments/${c.comment.id}/actions`, { action: 'reject' }, mod.headers);
    let [entry] = await audit();
    expect(entry.comment.authorName).toBe('Ada Lovelace');
    expect(entry.comment.excerpt.length).toBeLessThanOrEqual(120);
    expect(entry.comment.excerpt).toMatch(/^Harbour Harbour .*…$/);
    await t.post(`/api/v1/admin/comments/${c.comment.id}/actions`, { action: 'restore' }, mod.headers);
    await t.request('DELETE', `${LIST}/${c.comment.id}`, undefined, { 'X-Edit-Token': c.editToken });
    [entry] = await audit();
    expect(entry.comment).toEqual({ authorName: null, excerpt: null, deleted: true });
  });
});

describe('bans list', () => {
  it('says who was banned (author from the comment, email or hidden address), links the comment, who banned and why', async () => {
    const c = (await t.post(LIST, aComment({ authorName: 'Spam Bot', authorEmail: 'bot@example.com', body: 'Cheap pills here' }))).body.comment;
    expect((await t.post('/api/v1/admin/bans', { site: 'news', kind: 'email', commentId: c.id, reason: 'Pills' }, mod.headers)).status).toBe(201);
    expect((await t.post('/api/v1/admin/bans', { site: 'news', kind: 'ip', commentId: c.id }, mod.headers)).status).toBe(201);
    expect((await t.post('/api/v1/admin/bans', { site: 'news', kind: 'email', value: 'typed@example.com' }, owner.headers)).status).toBe(201);
    const bans = (await t.get('/api/v1/admin/bans?site=news', mod.headers)).body.bans;
    const byKind = (kind: string, value?: string) => bans.find((b: any) => b.kind === kind && (value === undefined || b.value === value));
    expect(byKind('email', 'bot@example.com')).toMatchObject({
      reason: 'Pills',
      bannedBy: { email: 'mod@example.com' },
      comment: { id: c.id, authorName: 'Spam Bot', excerpt: 'Cheap pills here', page: '/2026/story', deleted: false },
    });
    expect(byKind('ip')).toMatchObject({ comment: { authorName: 'Spam Bot' }, bannedBy: { email: 'mod@example.com' } });
    expect(byKind('email', 'typed@example.com')).toMatchObject({ comment: null, bannedBy: { email: 'owner@example.com' } });
  });
});
