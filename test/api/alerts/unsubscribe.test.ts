import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signToken } from '../../../server/crypto.ts';
import { aComment, addEditor, makeTestApp, type Signed, signIn, type TestApp } from '../../support/test-app.ts';
import { alertRows, chooseAlerts, runDigests, SECRET } from './alerts-helpers.ts';

const AT_13_05 = Date.UTC(2026, 10, 25, 13, 5);

let t: TestApp;
let mod: Signed;
beforeEach(async () => {
  t = await makeTestApp({ moderationMode: 'pre' });
  await addEditor(t, 'mod@example.com', 'moderator');
  mod = await signIn(t, 'mod@example.com');
  await chooseAlerts(t, mod.headers, [{ site: 'news', digest: 'hourly', flagged: true }]);
  await t.post('/api/v1/sites/news/comments', aComment());
  await runDigests(t, AT_13_05);
});
afterEach(() => t.close());

/** The path of the digest's List-Unsubscribe address. */
async function unsubscribePath(): Promise<string> {
  const [mail] = await alertRows(t);
  const header = JSON.parse(mail!.headers)['List-Unsubscribe'] as string;
  return new URL(/^<(.+)>$/.exec(header)![1]!).pathname;
}

const oneClick = (path: string) =>
  t.app.request(path, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
const mine = async () => (await t.get('/api/v1/admin/account/alerts', mod.headers)).body.sites[0];

describe('one-click unsubscribe from alert emails', () => {
  it('turns the digest off with the POST a mail client sends, without signing in, and leaves the report alert on', async () => {
    const path = await unsubscribePath();
    expect(path).toMatch(/^\/alerts\/off\//);
    const res = await oneClick(path);
    expect(res.status).toBe(200);
    expect(await mine()).toMatchObject({ digest: 'off', flagged: true });
    // Again: still fine, nothing more to do.
    expect((await oneClick(path)).status).toBe(200);
    // No more digests.
    await t.post('/api/v1/sites/news/comments', aComment({ body: 'another one' }));
    await runDigests(t, Date.UTC(2026, 10, 25, 14, 5));
    expect(await alertRows(t)).toHaveLength(1);
  });

  it('only shows a page with a button on GET (mail scanners open links)', async () => {
    const path = await unsubscribePath();
    const page = await t.app.request(path);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<form method="post">');
    expect(html).toContain('Stop queue digest emails');
    expect(html).toContain('for <bdi>Example News</bdi>');
    expect(await mine()).toMatchObject({ digest: 'hourly', flagged: true });
    // The button's plain form POST works too, and says so.
    const done = await t.app.request(path, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: '' });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('You will no longer receive queue digest emails');
    expect(await mine()).toMatchObject({ digest: 'off', flagged: true });
  });

  it('refuses made-up, altered and other-purpose tokens, changing nothing', async () => {
    const path = await unsubscribePath();
    const [body, sig] = path.slice('/alerts/off/'.length).split('.') as [string, string];
    const flipped = `${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`;
    const editorId = JSON.parse(Buffer.from(body, 'base64url').toString()).s as string;
    // The same claims for the other alert kind, signed with a wrong secret.
    const forged = await signToken('not-the-secret-not-the-secret-xx', { p: 'editor-alert-off', s: editorId, d: ['news', 'flagged'] });
    // A genuine token of another purpose (the newsletter's unsubscribe) with these claims.
    const otherPurpose = await signToken(SECRET, { p: 'unsubscribe', s: editorId, d: ['news', 'digest'] });
    for (const token of [`${body}.${flipped}`, forged, otherPurpose, 'made-up', 'a.b', `${body}.`]) {
      expect((await oneClick(`/alerts/off/${token}`)).status).toBe(400);
      expect((await t.app.request(`/alerts/off/${token}`)).status).toBe(400);
      expect((await t.app.request(`/alerts/off/${token}`, { method: 'POST' })).status).toBe(400);
    }
    expect(await mine()).toMatchObject({ digest: 'hourly', flagged: true });
  });

  it('turns off the report alert from its own link', async () => {
    await addEditor(t, 'owner@example.com', 'owner');
    const owner = await signIn(t, 'owner@example.com');
    await t.request('PATCH', '/api/v1/admin/sites/news', { moderationMode: 'post', flagThreshold: 1 }, owner.headers);
    const comment = (await t.post('/api/v1/sites/news/comments', aComment({ body: 'flag me' }))).body.comment;
    await t.post(`/api/v1/sites/news/comments/${comment.id}/flags`, { reason: 'spam' });
    const flagged = (await alertRows(t)).find((r) => r.kind === 'alert-flagged')!;
    const path = new URL(/^<(.+)>$/.exec(JSON.parse(flagged.headers)['List-Unsubscribe'])![1]!).pathname;
    expect((await oneClick(path)).status).toBe(200);
    expect(await mine()).toMatchObject({ digest: 'hourly', flagged: false });
  });
});
