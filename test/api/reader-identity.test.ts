import { sql } from 'drizzle-orm';
import { Jwt } from 'hono/utils/jwt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { votes } from '../../db/schema.ts';
import { purgeExpiredGuards } from '../../server/jobs/housekeeping.ts';
import { recogniseReader } from '../../server/features/readers/reader-key.ts';
import { createSiteIfMissing } from '../../server/features/sites/sites.repo.ts';
import { setSpamSettings, solvedProof } from '../support/spam-proof.ts';
import { aComment, addEditor, makeTestApp, SITE_ORIGIN, signIn, type TestApp } from '../support/test-app.ts';

const BASE = '/api/v1/sites/news';
const COMMENTS = `${BASE}/comments`;
const AUTH_EMAIL = `${BASE}/auth/email`;
const VERIFY = `${BASE}/auth/email/verify`;
const SSO = `${BASE}/auth/sso`;
const ME = `${BASE}/auth/me`;
const SIGN_OUT = `${BASE}/auth/sign-out`;
const EXPORT = `${BASE}/me/export`;
const RETURN_URL = `${SITE_ORIGIN}/2026/story?ref=home`;
const SSO_SECRET = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4';
const MINUTE = 60_000;

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t?.close());

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const outbox = (to?: string) =>
  t.db.all<{ kind: string; to_email: string; subject: string; text: string; html: string }>(
    to ? sql`select * from outbox where to_email = ${to} order by created_at` : sql`select * from outbox order by created_at`,
  );
const count = async (table: string) => (await t.db.get<{ n: number }>(sql.raw(`select count(*) as n from ${table}`))).n;

/** The token of the newest sign-in email to `email`, as the widget reads it from the page's fragment. */
async function linkToken(email: string): Promise<string> {
  const mail = (await outbox(email)).filter((m) => m.kind === 'sign-in').at(-1);
  if (!mail) throw new Error(`no sign-in email to ${email}`);
  return /#parley-signin=([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
}

/** Signs in by magic link; returns the bearer token. */
async function emailSignIn(email: string, name?: string): Promise<string> {
  expect((await t.post(AUTH_EMAIL, { email, returnUrl: RETURN_URL, ...(name ? { name } : {}) })).status).toBe(202);
  const res = await t.post(VERIFY, { token: await linkToken(email) });
  expect(res.status).toBe(200);
  return res.body.token;
}

/** The app's clock in seconds (the test clock is not the machine's). */
async function appNowSeconds(): Promise<number> {
  // The test clock starts here and steps by a millisecond per reading; ticks move it further.
  const row = await t.db.get<{ at: number }>(sql`select max(created_at) as at from sites`);
  return Math.floor(row.at / 1000);
}
let clockOffsetS = 0;
const nowS = async () => (await appNowSeconds()) + clockOffsetS;
function tick(ms: number) {
  t.tick(ms);
  clockOffsetS += ms / 1000;
}
beforeEach(() => {
  clockOffsetS = 0;
});

async function enableSso(secret = SSO_SECRET): Promise<void> {
  await addEditor(t, 'owner@example.com', 'owner');
  const owner = await signIn(t, 'owner@example.com');
  const res = await t.request('PATCH', '/api/v1/admin/sites/news', { ssoSecret: secret }, owner.headers);
  expect(res.status).toBe(200);
}

async function ssoToken(claims: Record<string, unknown>, secret = SSO_SECRET, alg: 'HS256' | 'HS512' = 'HS256'): Promise<string> {
  const now = await nowS();
  return Jwt.sign({ sub: 'user-42', name: 'Grace Hopper', email: 'Grace@Example.com', avatar: 'https://cdn.example.com/grace.png', iat: now, exp: now + 600, ...claims }, secret, alg);
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('magic link', () => {
  it('mails a single-use link to the return URL, and trades it for a bearer token and the identity', async () => {
    const asked = await t.post(AUTH_EMAIL, { email: 'Ada@Example.com', name: 'Ada L.', returnUrl: `${RETURN_URL}#comments` });
    expect(asked.status).toBe(202);
    const [mail] = await outbox();
    expect(mail).toMatchObject({ kind: 'sign-in', to_email: 'ada@example.com', subject: 'Sign in to comment on Example News' });
    // The token rides in the fragment (never sent to a server), replacing the page's own.
    expect(mail!.text).toMatch(new RegExp(`${RETURN_URL.replace(/[.?/]/g, '\\$&')}#parley-signin=[A-Za-z0-9_-]{43}\\n`));
    // Only a hash of the token is kept.
    const token = await linkToken('ada@example.com');
    expect(JSON.stringify(await t.db.all(sql`select * from magic_links`))).not.toContain(token);

    const signedIn = await t.post(VERIFY, { token });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.identity).toEqual({ id: expect.any(String), kind: 'email', name: 'Ada L.', email: 'ada@example.com', avatarUrl: null });
    expect(signedIn.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(await t.db.all(sql`select * from reader_sessions`))).not.toContain(signedIn.body.token);

    const me = await t.get(ME, bearer(signedIn.body.token));
    expect(me.status).toBe(200);
    expect(me.body.identity).toEqual(signedIn.body.identity);
    expect(me.headers.get('Cache-Control')).toBe('private, no-store');

    // Signing in again with the same address is the same identity; the name given the second
    // time (by anyone who typed the address) does not rename it.
    await t.post(AUTH_EMAIL, { email: 'ada@example.com', name: 'Mallory', returnUrl: RETURN_URL });
    const again = await t.post(VERIFY, { token: await linkToken('ada@example.com') });
    expect(again.body.identity).toEqual(signedIn.body.identity);
  });

  it('refuses a link used twice with 403 invalid_token', async () => {
    await t.post(AUTH_EMAIL, { email: 'ada@example.com', returnUrl: RETURN_URL });
    const token = await linkToken('ada@example.com');
    expect((await t.post(VERIFY, { token })).status).toBe(200);
    const reused = await t.post(VERIFY, { token });
    expect(reused.status).toBe(403);
    expect(reused.body.error.code).toBe('invalid_token');
    expect(await count('reader_sessions')).toBe(1);
  });

  it('works for 15 minutes, then answers 403 invalid_token', async () => {
    await t.post(AUTH_EMAIL, { email: 'early@example.com', returnUrl: RETURN_URL });
    await t.post(AUTH_EMAIL, { email: 'late@example.com', returnUrl: RETURN_URL });
    tick(14 * MINUTE);
    expect((await t.post(VERIFY, { token: await linkToken('early@example.com') })).status).toBe(200);
    tick(MINUTE + 1);
    const late = await t.post(VERIFY, { token: await linkToken('late@example.com') });
    expect(late.status).toBe(403);
    expect(late.body.error.code).toBe('invalid_token');
  });

  it('refuses unknown and malformed tokens, and another site’s link', async () => {
    await createSiteIfMissing(t.db, { id: 'other', name: 'Other Paper', allowedOrigins: [SITE_ORIGIN] }, Date.UTC(2026, 10, 25));
    await t.post(AUTH_EMAIL, { email: 'ada@example.com', returnUrl: RETURN_URL });
    const token = await linkToken('ada@example.com');
    const elsewhere = await t.post('/api/v1/sites/other/auth/email/verify', { token });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.error.code).toBe('invalid_token');
    expect((await t.post(VERIFY, { token: 'x'.repeat(43) })).body.error.code).toBe('invalid_token');
    expect((await t.post(VERIFY, {})).status).toBe(400);
    // The link still works where it belongs.
    expect((await t.post(VERIFY, { token })).status).toBe(200);
  });

  it('refuses a return URL off the site’s allowed origins with 400, and mails nothing', async () => {
    for (const returnUrl of ['https://evil.example/steal', 'javascript:alert(1)//news.example.com', 'http://news.example.com/story', '/relative/path', 'not a url']) {
      const res = await t.post(AUTH_EMAIL, { email: 'ada@example.com', returnUrl });
      expect(res.status, returnUrl).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
      expect(res.body.error.fields.returnUrl).toMatch(/allowed origins/);
    }
    for (const body of [{ returnUrl: RETURN_URL }, { email: 'nope', returnUrl: RETURN_URL }, { email: 'ada@example.com' }]) {
      expect((await t.post(AUTH_EMAIL, body)).status).toBe(400);
    }
    expect(await count('outbox')).toBe(0);
    expect(await count('magic_links')).toBe(0);
  });

  it('answers the same 202 for new, known and throttled addresses (no enumeration), and caps mail to one address', async () => {
    await emailSignIn('known@example.com', 'Known');
    const known = await t.post(AUTH_EMAIL, { email: 'known@example.com', returnUrl: RETURN_URL });
    const fresh = await t.post(AUTH_EMAIL, { email: 'fresh@example.com', returnUrl: RETURN_URL });
    const bombed = [];
    for (let i = 0; i < 7; i++) bombed.push(await t.post(AUTH_EMAIL, { email: 'victim@example.com', returnUrl: RETURN_URL }));
    for (const res of [known, fresh, ...bombed]) {
      expect(res.status).toBe(202);
      expect(res.body).toEqual(fresh.body);
    }
    expect(await outbox('victim@example.com')).toHaveLength(5);
    tick(61 * MINUTE);
    await t.post(AUTH_EMAIL, { email: 'victim@example.com', returnUrl: RETURN_URL });
    expect(await outbox('victim@example.com')).toHaveLength(6);
  });

  it('puts the request behind the bot checks when the spam defences are on', async () => {
    t.close();
    t = await makeTestApp({ spamDefences: true });
    await setSpamSettings(t, { powDifficulty: 1000 });
    const bare = await t.post(AUTH_EMAIL, { email: 'ada@example.com', returnUrl: RETURN_URL });
    expect(bare.status).toBe(403);
    expect(bare.body.error.code).toBe('submission_refused');
    const proof = await solvedProof(t);
    t.tick(4000);
    expect((await t.post(AUTH_EMAIL, { email: 'ada@example.com', returnUrl: RETURN_URL, ...proof })).status).toBe(202);
    expect(await outbox('ada@example.com')).toHaveLength(1);
  });

  it('refuses a write from a browser origin the site does not allow', async () => {
    const res = await t.post(AUTH_EMAIL, { email: 'ada@example.com', returnUrl: RETURN_URL }, { Origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('origin_not_allowed');
  });
});

describe('hostile input to the sign-in routes', () => {
  it('answers 4xx (a name is just text: 202), never 500, and signs nobody in', async () => {
    await enableSso();
    const values: unknown[] = [null, 42, true, [], {}, '', ' ', '\u0000', '\ud800', 'a'.repeat(5000), '<script>alert(1)</script>', 'javascript:alert(1)', '../../etc/passwd', 'a.b.c', '..', '\u202e'];
    for (const value of values) {
      for (const [path, body] of [
        [AUTH_EMAIL, { email: value, returnUrl: RETURN_URL }],
        [AUTH_EMAIL, { email: 'ada@example.com', name: value, returnUrl: RETURN_URL }],
        [AUTH_EMAIL, { email: 'ada@example.com', returnUrl: value }],
        [VERIFY, { token: value }],
        [SSO, { token: value }],
      ] as const) {
        const res = await t.post(path, body);
        const what = `${path} ${JSON.stringify(body)}`;
        if ('name' in body) expect([202, 400], what).toContain(res.status);
        else expect(res.status, what).toBeGreaterThanOrEqual(400);
        expect(res.status, what).toBeLessThan(500);
      }
      // Only what a client can put in a header at all.
      if (/^[\x21-\x7e]+$/.test(String(value))) expect((await t.get(ME, { Authorization: `Bearer ${String(value)}` })).status).toBe(401);
    }
    expect(await count('identities')).toBe(0);
    expect(await count('reader_sessions')).toBe(0);
  });
});

describe('publisher SSO', () => {
  it('shows owners only whether the secret is set, and validates it', async () => {
    await addEditor(t, 'owner@example.com', 'owner');
    const owner = await signIn(t, 'owner@example.com');
    const before = await t.get('/api/v1/admin/sites/news', owner.headers);
    expect(before.body.site.ssoConfigured).toBe(false);
    const set = await t.request('PATCH', '/api/v1/admin/sites/news', { ssoSecret: SSO_SECRET }, owner.headers);
    expect(set.status).toBe(200);
    expect(set.body.site.ssoConfigured).toBe(true);
    const listed = await t.get('/api/v1/admin/sites', owner.headers);
    for (const res of [set, listed, await t.get('/api/v1/admin/sites/news', owner.headers)]) expect(JSON.stringify(res.body)).not.toContain(SSO_SECRET);
    // Not merged into the JSON settings either.
    expect((await t.db.get<{ settings: string }>(sql`select settings from sites where id = 'news'`)).settings).not.toContain(SSO_SECRET);
    const short = await t.request('PATCH', '/api/v1/admin/sites/news', { ssoSecret: 'too-short' }, owner.headers);
    expect(short.status).toBe(400);
    expect(short.body.error.fields.ssoSecret).toMatch(/32 to 256/);
    const off = await t.request('PATCH', '/api/v1/admin/sites/news', { ssoSecret: null }, owner.headers);
    expect(off.body.site.ssoConfigured).toBe(false);
    expect((await t.post(SSO, { token: await ssoToken({}) })).body.error.code).toBe('invalid_token');
  });

  it('trades a valid token for a bearer token and upserts the identity', async () => {
    await enableSso();
    const res = await t.post(SSO, { token: await ssoToken({}) });
    expect(res.status).toBe(200);
    expect(res.body.identity).toEqual({ id: expect.any(String), kind: 'sso', name: 'Grace Hopper', email: 'grace@example.com', avatarUrl: 'https://cdn.example.com/grace.png' });
    expect((await t.get(ME, bearer(res.body.token))).body.identity).toEqual(res.body.identity);

    // The publisher's profile wins on the next sign-in, on the identity and on earlier comments.
    const posted = await t.post(COMMENTS, aComment({ authorName: 'ignored' }), bearer(res.body.token));
    expect(posted.body.comment).toMatchObject({ authorName: 'Grace Hopper', verified: true, avatarUrl: 'https://cdn.example.com/grace.png' });
    const renamed = await t.post(SSO, { token: await ssoToken({ sub: 'user-42', name: 'Grace B. Hopper', avatar: 'https://cdn.example.com/g2.png', email: undefined }) });
    expect(renamed.body.identity).toMatchObject({ id: res.body.identity.id, name: 'Grace B. Hopper', email: null, avatarUrl: 'https://cdn.example.com/g2.png' });
    expect(await count('identities')).toBe(1);
    const listed = await t.get(`${COMMENTS}?page=/2026/story`);
    expect(listed.body.comments[0]).toMatchObject({ authorName: 'Grace B. Hopper', verified: true, avatarUrl: 'https://cdn.example.com/g2.png' });
  });

  it('accepts a numeric subject, as publishers often hand over their user id', async () => {
    await enableSso();
    const res = await t.post(SSO, { token: await ssoToken({ sub: 4711 }) });
    expect(res.status).toBe(200);
    expect((await t.db.get<{ subject: string }>(sql`select subject from identities`)).subject).toBe('4711');
  });

  it('refuses forged, mis-signed, unsigned and expired tokens, and missing claims, with 403 invalid_token', async () => {
    await enableSso();
    const now = await nowS();
    const good = await ssoToken({});
    const [header, payload] = good.split('.');
    const cases: Record<string, string> = {
      'another secret': await ssoToken({}, 'b'.repeat(48)),
      'tampered payload': `${header}.${b64url({ sub: 'admin', name: 'Grace Hopper', exp: now + 600 })}.${good.split('.')[2]}`,
      'alg none': `${b64url({ alg: 'none', typ: 'JWT' })}.${payload}.`,
      'alg RS256 with an HMAC signature': await (async () => {
        const h = b64url({ alg: 'RS256', typ: 'JWT' });
        const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(SSO_SECRET), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
        const sig = Buffer.from(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${h}.${payload}`))).toString('base64url');
        return `${h}.${payload}.${sig}`;
      })(),
      'HS512 with the right secret': await ssoToken({}, SSO_SECRET, 'HS512'),
      expired: await ssoToken({ iat: now - 3600, exp: now - 120 }),
      'exp over 24 hours away': await ssoToken({ exp: now + 7 * 86_400 }),
      'no exp': await ssoToken({ exp: undefined }),
      'no sub': await ssoToken({ sub: undefined }),
      'empty sub': await ssoToken({ sub: '  ' }),
      'no name': await ssoToken({ name: undefined }),
      'name not text': await ssoToken({ name: { first: 'Grace' } }),
      'iat in the future': await ssoToken({ iat: now + 3600 }),
      'not a JWT': 'hello',
    };
    for (const [what, token] of Object.entries(cases)) {
      const res = await t.post(SSO, { token });
      expect(res.status, what).toBe(403);
      expect(res.body.error.code, what).toBe('invalid_token');
    }
    expect(await count('identities')).toBe(0);
    expect(await count('reader_sessions')).toBe(0);
    // The same claims, properly signed, are fine; a minute of clock skew is tolerated.
    expect((await t.post(SSO, { token: await ssoToken({ iat: now + 30, exp: now + 86_400 }) })).status).toBe(200);
  });

  it('drops an avatar that is not an http(s) URL, and escapes hostile names and avatars everywhere', async () => {
    await enableSso();
    const script = await t.post(SSO, { token: await ssoToken({ sub: 'mallory', name: '<img src=x onerror=alert(1)>', avatar: 'javascript:alert(1)' }) });
    expect(script.status).toBe(200);
    expect(script.body.identity.avatarUrl).toBeNull();
    const posted = await t.post(COMMENTS, aComment({ body: 'first' }), bearer(script.body.token));
    expect(posted.body.comment).toMatchObject({ authorName: '<img src=x onerror=alert(1)>', verified: true, avatarUrl: null });
    for (const avatar of ['data:image/svg+xml,<svg onload=alert(1)>', 'https://user:pw@cdn.example.com/a.png', '//cdn.example.com/a.png', 42]) {
      const res = await t.post(SSO, { token: await ssoToken({ sub: 'mallory', name: '<img src=x onerror=alert(1)>', avatar }) });
      expect(res.body.identity.avatarUrl, String(avatar)).toBeNull();
    }
    const quoted = await t.post(SSO, { token: await ssoToken({ sub: 'quoter', name: 'Q "the" <b>', avatar: 'https://cdn.example.com/a.png?x="><script>alert(1)</script>' }) });
    await t.post(COMMENTS, aComment({ body: 'second' }), bearer(quoted.body.token));

    const html = (await t.get(`${COMMENTS}.html?page=/2026/story`)).body as string;
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('Q &quot;the&quot; &lt;b&gt;');
    const src = /<img class="parley-avatar" src="([^"]*)"/.exec(html)![1]!;
    expect(src).toMatch(/^https:\/\/cdn\.example\.com\/a\.png\?x=/);
    expect(src).not.toMatch(/[<>"]/);
    expect(html.match(/class="parley-verified"/g)).toHaveLength(2);
  });
});

describe('the bearer session', () => {
  it('answers me until sign-out, then 401; other sessions of the same reader live on', async () => {
    const phone = await emailSignIn('ada@example.com', 'Ada');
    const laptop = await emailSignIn('ada@example.com');
    const out = await t.post(SIGN_OUT, {}, bearer(phone));
    expect(out.status).toBe(200);
    for (const res of [await t.get(ME, bearer(phone)), await t.post(SIGN_OUT, {}, bearer(phone)), await t.get(EXPORT, bearer(phone))]) {
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthorized');
      expect(res.headers.get('WWW-Authenticate')).toBe('Bearer');
    }
    expect((await t.get(ME, bearer(laptop))).status).toBe(200);
  });

  it('answers 401 without a token, with a malformed one, with another site’s, and after expiry', async () => {
    await createSiteIfMissing(t.db, { id: 'other', name: 'Other Paper', allowedOrigins: [SITE_ORIGIN] }, Date.UTC(2026, 10, 25));
    const token = await emailSignIn('ada@example.com', 'Ada');
    expect((await t.get(ME)).status).toBe(401);
    expect((await t.get(ME, { Authorization: `Basic ${token}` })).status).toBe(401);
    expect((await t.get(ME, bearer('not-a-real-token-at-all'))).status).toBe(401);
    expect((await t.get('/api/v1/sites/other/auth/me', bearer(token))).status).toBe(401);
    tick(89 * 86_400_000);
    expect((await t.get(ME, bearer(token))).status).toBe(200);
    tick(2 * 86_400_000);
    expect((await t.get(ME, bearer(token))).status).toBe(401);
  });

  it('housekeeping sweeps expired links and sessions, and keeps live ones', async () => {
    const token = await emailSignIn('ada@example.com', 'Ada');
    await t.post(AUTH_EMAIL, { email: 'bob@example.com', returnUrl: RETURN_URL });
    const start = Date.UTC(2026, 10, 25, 12);
    await purgeExpiredGuards(t.db, start + 10 * MINUTE);
    expect([await count('magic_links'), await count('reader_sessions')]).toEqual([2, 1]);
    await purgeExpiredGuards(t.db, start + 16 * MINUTE);
    expect([await count('magic_links'), await count('reader_sessions')]).toEqual([0, 1]);
    await purgeExpiredGuards(t.db, start + 91 * 86_400_000);
    expect(await count('reader_sessions')).toBe(0);
    expect((await t.get(ME, bearer(token))).status).toBe(401);
  });

  it('keeps an SSO session for a day: the host page trades a fresh token on each visit', async () => {
    await enableSso();
    const { token } = (await t.post(SSO, { token: await ssoToken({}) })).body;
    tick(23 * 3600_000);
    expect((await t.get(ME, bearer(token))).status).toBe(200);
    tick(2 * 3600_000);
    expect((await t.get(ME, bearer(token))).status).toBe(401);
  });

  it('gives identity-aware reader keys: the identity when signed in, the anonymous key otherwise', async () => {
    t.app.get(`${BASE}/test-reader`, async (c) => c.json(await recogniseReader(c)));
    const token = await emailSignIn('ada@example.com', 'Ada');
    const me = (await t.get(ME, bearer(token))).body.identity;
    const signedIn = await t.get(`${BASE}/test-reader`, { ...bearer(token), 'X-Parley-Reader': 'browser-token-1234567' });
    expect(signedIn.body).toEqual({ identityId: me.id, browserKey: expect.stringMatching(/^[0-9a-f]{64}$/), voterKey: `id:${me.id}`, networkKey: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const guest = await t.get(`${BASE}/test-reader`, { 'X-Parley-Reader': 'browser-token-1234567' });
    expect(guest.body.identityId).toBeUndefined();
    expect(guest.body.voterKey).toMatch(/^anon:/);
    expect(guest.body.browserKey).toBe(signedIn.body.browserKey);
    // A stale token is no identity here (a vote still counts, as a guest's).
    await t.post(SIGN_OUT, {}, bearer(token));
    expect((await t.get(`${BASE}/test-reader`, { ...bearer(token), 'X-Parley-Reader': 'browser-token-1234567' })).body.voterKey).toBe(guest.body.voterKey);
  });
});

describe('commenting signed in', () => {
  it('takes the author from the identity, ignoring a spoofed name and email, and shows the comment verified', async () => {
    const token = await emailSignIn('ada@example.com', 'Ada');
    const res = await t.post(COMMENTS, aComment({ authorName: 'The Editor', authorEmail: 'editor@example.com', body: 'Signed in.' }), bearer(token));
    expect(res.status).toBe(201);
    expect(res.body.comment).toMatchObject({ authorName: 'Ada', verified: true, avatarUrl: null });
    const stored = await t.db.get<{ author_name: string; author_email: string; identity_id: string }>(sql`select * from comments where id = ${res.body.comment.id}`);
    const me = (await t.get(ME, bearer(token))).body.identity;
    expect(stored).toMatchObject({ author_name: 'Ada', author_email: 'ada@example.com', identity_id: me.id });

    await t.post(COMMENTS, aComment({ authorName: 'Guest', body: 'As a guest.' }));
    const listed = await t.get(`${COMMENTS}?page=/2026/story&sort=oldest`);
    expect(listed.body.comments.map((c: { authorName: string; verified: boolean; avatarUrl: null }) => [c.authorName, c.verified, c.avatarUrl])).toEqual([
      ['Ada', true, null],
      ['Guest', false, null],
    ]);
    // Nothing identifying leaks into the public listing.
    expect(JSON.stringify(listed.body)).not.toContain(me.id);
    expect(JSON.stringify(listed.body)).not.toContain('ada@example.com');
  });

  it('refuses a comment with a bearer token that is no longer good (401), storing nothing', async () => {
    const token = await emailSignIn('ada@example.com', 'Ada');
    await t.post(SIGN_OUT, {}, bearer(token));
    const res = await t.post(COMMENTS, aComment(), bearer(token));
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthorized');
    expect(await count('comments')).toBe(0);
  });

  it('names a nameless email identity with its first comment, and needs a name until then', async () => {
    const token = await emailSignIn('ada@example.com');
    const nameless = await t.post(COMMENTS, aComment({ authorName: undefined }), bearer(token));
    expect(nameless.status).toBe(400);
    expect(nameless.body.error.fields.authorName).toBe('Name is required.');
    expect((await t.post(COMMENTS, aComment({ authorName: 'x'.repeat(81) }), bearer(token))).body.error.fields.authorName).toMatch(/at most 80/);
    expect(await count('comments')).toBe(0);
    expect((await t.post(COMMENTS, aComment({ authorName: 'Ada' }), bearer(token))).status).toBe(201);
    expect((await t.get(ME, bearer(token))).body.identity.name).toBe('Ada');
    const later = await t.post(COMMENTS, aComment({ authorName: 'Someone Else', body: 'again' }), bearer(token));
    expect(later.body.comment.authorName).toBe('Ada');
    // Once named, whatever the body says about the author is not even read.
    for (const authorName of ['x'.repeat(500), 42, null]) {
      const res = await t.post(COMMENTS, aComment({ authorName, authorEmail: 'not an address', body: `ignored name ${String(authorName).length}` }), bearer(token));
      expect(res.status).toBe(201);
      expect(res.body.comment.authorName).toBe('Ada');
    }
  });

  it('sends reply notifications to the identity’s email, confirmed at once for a magic-link reader', async () => {
    const token = await emailSignIn('ada@example.com', 'Ada');
    const parent = (await t.post(COMMENTS, aComment({ authorEmail: 'someone-else@example.com', notifyReplies: true }), bearer(token))).body.comment;
    expect((await outbox()).filter((m) => m.kind === 'confirm')).toHaveLength(0);
    await t.post(COMMENTS, aComment({ parentId: parent.id, authorName: 'Bob', body: 'A reply.' }));
    const replies = (await outbox()).filter((m) => m.kind === 'reply');
    expect(replies.map((m) => m.to_email)).toEqual(['ada@example.com']);
  });

  it('refuses reply notifications for an SSO identity without an email', async () => {
    await enableSso();
    const { token } = (await t.post(SSO, { token: await ssoToken({ email: undefined }) })).body;
    const res = await t.post(COMMENTS, aComment({ notifyReplies: true, authorEmail: 'typed@example.com' }), bearer(token));
    expect(res.status).toBe(400);
    expect(res.body.error.fields.notifyReplies).toBeDefined();
  });

  it('applies a ban on the identity', async () => {
    const token = await emailSignIn('ada@example.com', 'Ada');
    const me = (await t.get(ME, bearer(token))).body.identity;
    await t.db.run(sql`insert into bans (id, site_id, kind, value, created_at) values ('ban1', 'news', 'identity', ${me.id}, 0)`);
    const res = await t.post(COMMENTS, aComment(), bearer(token));
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('banned');
  });
});

describe('export my data', () => {
  it('returns the identity, their comments with page keys, their votes and their email’s subscriptions — nobody else’s', async () => {
    const token = await emailSignIn('ada@example.com', 'Ada');
    const first = (await t.post(COMMENTS, aComment({ page: '/2026/one', title: 'One', body: 'On one.' }), bearer(token))).body.comment;
    const second = (await t.post(COMMENTS, aComment({ page: '/2026/two', body: 'On two.', notifyReplies: true }), bearer(token))).body.comment;
    const other = (await t.post(COMMENTS, aComment({ page: '/2026/one', authorName: 'Bob', authorEmail: 'bob@example.com', body: 'Bob here.' }))).body.comment;
    const me = (await t.get(ME, bearer(token))).body.identity;
    await t.db.insert(votes).values([
      { commentId: other.id, voterKey: `id:${me.id}`, value: 1, createdAt: 5 },
      { commentId: first.id, voterKey: 'anon:someone', value: 1, createdAt: 6 },
    ]);
    await t.post(`${BASE}/subscriptions`, { email: 'ada@example.com', topics: ['newsletter', 'page'], page: '/2026/one' });
    await t.post(`${BASE}/subscriptions`, { email: 'bob@example.com' });

    const res = await t.get(EXPORT, bearer(token));
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('private, no-store');
    expect(res.headers.get('Content-Disposition')).toMatch(/attachment/);
    const data = res.body;
    expect(data.identity).toEqual(me);
    expect(data.comments).toEqual([
      expect.objectContaining({ id: first.id, page: { key: '/2026/one', url: null, title: 'One' }, body: 'On one.', authorName: 'Ada', authorEmail: 'ada@example.com', status: 'approved' }),
      expect.objectContaining({ id: second.id, page: expect.objectContaining({ key: '/2026/two' }), body: 'On two.' }),
    ]);
    expect(data.votes).toEqual([{ commentId: other.id, page: '/2026/one', value: 1, createdAt: new Date(5).toISOString() }]);
    expect(data.subscriptions.map((s: { topic: string; status: string; page?: string; commentId?: string }) => [s.topic, s.status, s.page ?? s.commentId ?? null])).toEqual([
      ['replies', 'confirmed', second.id],
      ['newsletter', 'unconfirmed', null],
      ['page', 'unconfirmed', '/2026/one'],
    ]);
    const text = JSON.stringify(data);
    expect(text).not.toContain('bob@example.com');
    expect(text).not.toContain('Bob here.');
  });

  it('needs a bearer token', async () => {
    const res = await t.get(EXPORT);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthorized');
  });
});

describe('delete my data', () => {
  it('erases the reader’s comments (a replied-to one stays a placeholder), votes, subscriptions and identity, on their site only', async () => {
    const token = await emailSignIn('ada@example.com', 'Ada');
    const replied = (await t.post(COMMENTS, aComment({ page: '/2026/one', body: 'Ada, answered.' }), bearer(token))).body.comment;
    const alone = (await t.post(COMMENTS, aComment({ page: '/2026/one', body: 'Ada, alone.' }), bearer(token))).body.comment;
    const bob = (await t.post(COMMENTS, aComment({ page: '/2026/one', authorName: 'Bob', authorEmail: 'bob@example.com', body: 'Bob answers.', parentId: replied.id }))).body.comment;
    expect((await t.request('POST', `${COMMENTS}/${bob.id}/votes`, { value: 1 }, bearer(token))).body.score).toBe(1);
    await t.post(`${BASE}/subscriptions`, { email: 'ada@example.com', topics: ['newsletter'] });
    await t.post(`${BASE}/subscriptions`, { email: 'bob@example.com' });

    const res = await t.request('DELETE', `${BASE}/me`, undefined, bearer(token));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ deleted: true, comments: 2, subscriptions: 1 });

    const listing = (await t.get(`${COMMENTS}?page=/2026/one`)).body;
    expect(listing.comments.map((c: any) => [c.id, c.deleted, c.authorName])).toEqual([[replied.id, true, '']]);
    expect(listing.comments[0].replies[0]).toMatchObject({ id: bob.id, score: 0, bodyHtml: '<p>Bob answers.</p>' });
    // Counted: what readers can read, Bob's reply (not the placeholder).
    expect(listing.page.commentCount).toBe(1);
    // Nothing of Ada is left in any table; Bob's subscription is untouched.
    const dump = JSON.stringify(await Promise.all(['comments', 'subscribers', 'identities', 'reader_sessions', 'magic_links', 'votes'].map((table) => t.db.all(sql.raw(`select * from ${table}`)))));
    for (const trace of ['ada@example.com', 'Ada, answered.', 'Ada, alone.', '"Ada"']) expect(dump).not.toContain(trace);
    expect(dump).toContain('bob@example.com');
    expect(alone.id).toBeTruthy();
    // Signed out everywhere: the identity and its sessions are gone.
    expect((await t.get(ME, bearer(token))).status).toBe(401);
    expect((await t.request('DELETE', `${BASE}/me`, undefined, bearer(token))).status).toBe(401);
  });
});

describe('a signed-in reader’s own comments', () => {
  it('edits and deletes them with the bearer token alone, on any device, and cannot up-vote them', async () => {
    const token = await emailSignIn('ada@example.com', 'Ada');
    const mine = (await t.post(COMMENTS, aComment({ body: 'Signed-in words.' }), bearer(token))).body.comment;
    const vote = await t.request('POST', `${COMMENTS}/${mine.id}/votes`, { value: 1 }, bearer(token));
    expect(vote.status).toBe(403);
    expect(vote.body.error.code).toBe('own_comment');
    const edited = await t.request('PATCH', `${COMMENTS}/${mine.id}`, { body: 'Signed-in words, edited.' }, bearer(token));
    expect(edited.status).toBe(200);
    expect(edited.body.comment.bodyHtml).toBe('<p>Signed-in words, edited.</p>');
    const other = await emailSignIn('bob@example.com', 'Bob');
    expect((await t.request('PATCH', `${COMMENTS}/${mine.id}`, { body: 'Hijack' }, bearer(other))).status).toBe(403);
    expect((await t.request('DELETE', `${COMMENTS}/${mine.id}`, undefined, bearer(other))).status).toBe(403);
    expect((await t.request('DELETE', `${COMMENTS}/${mine.id}`, undefined, bearer(token))).body).toEqual({ deleted: true, placeholder: false });
  });
});
