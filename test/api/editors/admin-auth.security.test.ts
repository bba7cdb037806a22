import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requireOwner } from '../../../server/features/editors/admin-auth.ts';
import { addEditor, makeTestApp, type Signed, signIn, type TestApp } from '../../support/test-app.ts';

let t: TestApp;
let owner: Signed;
let moderator: Signed;
beforeEach(async () => {
  t = await makeTestApp();
  await addEditor(t, 'owner@example.com', 'owner');
  await addEditor(t, 'mod@example.com', 'moderator');
  owner = await signIn(t, 'owner@example.com');
  moderator = await signIn(t, 'mod@example.com');
});
afterEach(() => t.close());

/** The admin routes anyone may call: signing in, and the sign-in form's challenge. */
const PUBLIC = new Set(['POST /api/v1/admin/session', 'GET /api/v1/admin/session/challenge']);

interface AdminRoute {
  method: string;
  /** The route's pattern with its parameters filled in: a real site, a page key, made-up ids. */
  path: string;
  ownerOnly: boolean;
}

/** Whether a middleware registered for `pattern` ("/x/*" or a plain path) runs for `path`. */
function covers(pattern: string, path: string): boolean {
  if (!pattern.endsWith('/*')) return pattern === path;
  const base = pattern.slice(0, -2);
  return path === base || path.startsWith(`${base}/`);
}

/**
 * Every admin route, read from the app's own route table (Hono's `app.routes`), so a route added
 * later is in the battery without anyone remembering to list it. A route is owners-only when
 * requireOwner is among its handlers or among the middleware registered over its path.
 */
async function adminRoutes(): Promise<AdminRoute[]> {
  const probe = await makeTestApp();
  try {
    const table = probe.app.routes.filter((r) => r.path.startsWith('/api/v1/admin'));
    const owners = table.filter((r) => r.handler === requireOwner);
    const seen = new Map<string, AdminRoute>();
    for (const r of table) {
      if (r.method === 'ALL') continue;
      const key = `${r.method} ${r.path}`;
      if (seen.has(key)) continue;
      const ownerOnly = owners.some((o) => (o.method === r.method && o.path === r.path) || (o.method === 'ALL' && covers(o.path, r.path)));
      const path = r.path.replace(':site', 'news').replace(/:key\{[^}]*\}/, '%2Fx').replace(/:[a-z]+/gi, 'nope');
      seen.set(key, { method: r.method, path, ownerOnly });
    }
    return [...seen.values()].filter((r) => !PUBLIC.has(`${r.method} ${r.path}`));
  } finally {
    probe.close();
  }
}

const ROUTES = await adminRoutes();
const isWrite = (method: string) => method !== 'GET';

it('finds the admin routes in the app (the battery below is not empty)', () => {
  expect(ROUTES.length).toBeGreaterThan(30);
  expect(ROUTES.filter((r) => r.ownerOnly).map((r) => `${r.method} ${r.path}`)).toEqual(
    expect.arrayContaining(['GET /api/v1/admin/mailbox', 'GET /api/v1/admin/subscribers/export', 'POST /api/v1/admin/broadcasts', 'GET /api/v1/admin/editors', 'POST /api/v1/admin/privacy/erase']),
  );
  expect(ROUTES.find((r) => r.method === 'GET' && r.path === '/api/v1/admin/comments')?.ownerOnly).toBe(false);
});

describe('every admin route', () => {
  for (const { method, path, ownerOnly } of ROUTES) {
    it(`${method} ${path}: 401 without a session`, async () => {
      const res = await t.request(method, path);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthorized');
    });

    if (isWrite(method)) {
      it(`${method} ${path}: 403 without the CSRF token, or with a wrong one, or from another origin`, async () => {
        const noToken = await t.request(method, path, undefined, { Cookie: owner.cookie });
        expect(noToken.status).toBe(403);
        expect(noToken.body.error.code).toBe('csrf_failed');
        const wrong = await t.request(method, path, undefined, { Cookie: owner.cookie, 'X-CSRF-Token': moderator.csrf });
        expect(wrong.status).toBe(403);
        const foreign = await t.request(method, path, undefined, { ...owner.headers, Origin: 'https://evil.example' });
        expect(foreign.status).toBe(403);
      });
    }

    if (ownerOnly) {
      it(`${method} ${path}: 403 for a moderator`, async () => {
        const res = await t.request(method, path, undefined, moderator.headers);
        expect(res.status).toBe(403);
        expect(res.body.error.code).toBe('forbidden');
      });
    }

    it(`${method} ${path}: passes authentication for an owner, and made-up ids or a missing body are a 4xx, never a 500`, async () => {
      const res = await t.request(method, path, undefined, owner.headers);
      expect([200, 201, 204, 400, 404, 409]).toContain(res.status);
    });
  }
});

describe('sign-in', () => {
  it('sets an HttpOnly, SameSite=Lax session cookie scoped to the admin API', async () => {
    const res = await t.post('/api/v1/admin/session', { email: 'owner@example.com', password: 'correct horse battery' });
    const cookie = res.headers.get('Set-Cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\/api\/v1\/admin/);
    expect(res.body.editor).toMatchObject({ email: 'owner@example.com', role: 'owner' });
    expect(res.body.editor).not.toHaveProperty('passwordHash');
  });

  it('answers an unknown email exactly as a wrong password', async () => {
    const unknown = await t.post('/api/v1/admin/session', { email: 'nobody@example.com', password: 'correct horse battery' });
    const wrong = await t.post('/api/v1/admin/session', { email: 'owner@example.com', password: 'wrong password!!' });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
  });

  it('locks an account after repeated failures with 429 and Retry-After, then lets it in after the wait', async () => {
    for (let i = 0; i < 5; i++) {
      expect((await t.post('/api/v1/admin/session', { email: 'mod@example.com', password: `guess ${i} guess` })).status).toBe(401);
    }
    const locked = await t.post('/api/v1/admin/session', { email: 'mod@example.com', password: 'correct horse battery' });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('rate_limited');
    expect(Number(locked.headers.get('Retry-After'))).toBeGreaterThan(0);
    t.tick(Number(locked.headers.get('Retry-After')) * 1000 + 1);
    expect((await t.post('/api/v1/admin/session', { email: 'mod@example.com', password: 'correct horse battery' })).status).toBe(200);
  });

  it('evaluates at most five guesses at one account from a burst of 200 at once, the right password among the late ones', async () => {
    const burst = await Promise.all(
      Array.from({ length: 200 }, (_, i) => t.post('/api/v1/admin/session', { email: 'mod@example.com', password: i === 199 ? 'correct horse battery' : `guess ${i} guess` })),
    );
    const evaluated = burst.filter((r) => r.status !== 429);
    expect(evaluated.length).toBeLessThanOrEqual(5);
    expect(evaluated.every((r) => r.status === 401)).toBe(true);
    expect(burst[199]!.status).toBe(429);
    expect(burst.some((r) => r.headers.get('Set-Cookie'))).toBe(false);
  });

  it('evaluates at most twenty guesses from one address across accounts, however many arrive at once', async () => {
    const burst = await Promise.all(Array.from({ length: 200 }, (_, i) => t.post('/api/v1/admin/session', { email: `user${i}@example.com`, password: 'spray spray spray' })));
    expect(burst.filter((r) => r.status === 401).length).toBeLessThanOrEqual(20);
    expect(burst.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(180);
  });

  it('does not count a right password against the address', async () => {
    // Twenty editors signing in from one office address are not twenty failures.
    for (let i = 0; i < 25; i++) expect((await t.post('/api/v1/admin/session', { email: 'owner@example.com', password: 'correct horse battery' })).status).toBe(200);
  });

  it('locks for longer after each further failure', async () => {
    const waits: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await t.post('/api/v1/admin/session', { email: 'mod@example.com', password: 'nope nope nope' });
      if (res.status === 429) {
        waits.push(Number(res.headers.get('Retry-After')));
        t.tick(waits.at(-1)! * 1000 + 1);
      }
    }
    expect(waits.length).toBeGreaterThanOrEqual(1);
    const after = await t.post('/api/v1/admin/session', { email: 'mod@example.com', password: 'nope nope nope' });
    const next = await t.post('/api/v1/admin/session', { email: 'mod@example.com', password: 'nope nope nope' });
    expect(after.status === 429 || next.status === 429).toBe(true);
    const wait = Number((after.status === 429 ? after : next).headers.get('Retry-After'));
    expect(wait).toBeGreaterThan(waits[0]!);
  });

  it('throttles one address guessing across many accounts', async () => {
    let limited = false;
    for (let i = 0; i < 25 && !limited; i++) {
      const res = await t.post('/api/v1/admin/session', { email: `user${i}@example.com`, password: 'spray spray spray' });
      limited = res.status === 429;
    }
    expect(limited).toBe(true);
    t.setIp('198.51.100.1');
    expect((await t.post('/api/v1/admin/session', { email: 'owner@example.com', password: 'correct horse battery' })).status).toBe(200);
  });

  it('lets an editor change their own password with the current one, ending their other sessions', async () => {
    const elsewhere = await signIn(t, 'mod@example.com');
    const wrong = await t.request('PUT', '/api/v1/admin/session/password', { currentPassword: 'nope nope nope', newPassword: 'a brand new passphrase' }, moderator.headers);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.fields).toHaveProperty('currentPassword');
    const short = await t.request('PUT', '/api/v1/admin/session/password', { currentPassword: 'correct horse battery', newPassword: 'short' }, moderator.headers);
    expect(short.body.error.fields).toHaveProperty('newPassword');
    const done = await t.request('PUT', '/api/v1/admin/session/password', { currentPassword: 'correct horse battery', newPassword: 'a brand new passphrase' }, moderator.headers);
    expect(done.status).toBe(200);
    const cookie = done.headers.get('Set-Cookie')!.split(';')[0]!;
    expect((await t.get('/api/v1/admin/session', { Cookie: cookie })).status).toBe(200);
    expect((await t.get('/api/v1/admin/session', elsewhere.headers)).status).toBe(401);
    expect((await t.post('/api/v1/admin/session', { email: 'mod@example.com', password: 'correct horse battery' })).status).toBe(401);
    expect((await t.post('/api/v1/admin/session', { email: 'mod@example.com', password: 'a brand new passphrase' })).status).toBe(200);
  });

  it('expires sessions, and sign-out ends one at once', async () => {
    expect((await t.get('/api/v1/admin/session', owner.headers)).status).toBe(200);
    expect((await t.request('DELETE', '/api/v1/admin/session', undefined, owner.headers)).status).toBe(204);
    expect((await t.get('/api/v1/admin/session', owner.headers)).status).toBe(401);
    // The moderator's session is still good until it expires after a week.
    t.tick(6 * 86_400_000);
    expect((await t.get('/api/v1/admin/session', moderator.headers)).status).toBe(200);
    t.tick(2 * 86_400_000);
    expect((await t.get('/api/v1/admin/session', moderator.headers)).status).toBe(401);
  });
});
