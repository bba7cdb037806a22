import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { editors } from '../../../db/schema.ts';
import { ensureFirstOwner } from '../../../server/features/editors/first-owner.ts';
import { hashPassword, PASSWORD_COST, verifyPassword } from '../../../server/features/editors/password.ts';
import { addEditor, makeTestApp, signIn, TEST_PASSWORD_COST, type TestApp } from '../../support/test-app.ts';

/**
 * Tests hash editor passwords cheaply (AppDeps.passwordCost); production must not. The cost is
 * written into every stored hash, so reading it back tells which one was used.
 */
const STRONG = /^pbkdf2-sha256\$6x100000\$/;
const CHEAP = new RegExp(`^pbkdf2-sha256\\$${TEST_PASSWORD_COST.rounds}x${TEST_PASSWORD_COST.iterations}\\$`);

let t: TestApp;
afterEach(() => t?.close());

const storedHash = async (email: string) => (await t.db.select({ hash: editors.passwordHash }).from(editors).where(eq(editors.email, email)).get())?.hash;

describe('the production password cost', () => {
  it('is 6 rounds of 100,000 PBKDF2-SHA256 iterations, the default of hashPassword', async () => {
    expect(PASSWORD_COST).toEqual({ rounds: 6, iterations: 100_000 });
    const hash = await hashPassword('a long enough password');
    expect(hash).toMatch(STRONG);
    expect(await verifyPassword('a long enough password', hash)).toBe(true);
    expect(await verifyPassword('another password', hash)).toBe(false);
  });

  it('is what an app without passwordCost (as both entries build it) stores for new and changed passwords', async () => {
    t = await makeTestApp({ productionPasswordCost: true });
    expect(t.passwordCost).toBeUndefined();
    await addEditor(t, 'owner@example.com', 'owner');
    expect(await storedHash('owner@example.com')).toMatch(STRONG);
    const owner = await signIn(t, 'owner@example.com');

    const created = await t.post('/api/v1/admin/editors', { email: 'mod@example.com', role: 'moderator', password: 'a moderator password' }, owner.headers);
    expect(created.status).toBe(201);
    expect(await storedHash('mod@example.com')).toMatch(STRONG);

    const patched = await t.request('PATCH', `/api/v1/admin/editors/${created.body.editor.id}`, { password: 'another moderator password' }, owner.headers);
    expect(patched.status).toBe(200);
    expect(await storedHash('mod@example.com')).toMatch(STRONG);

    const changed = await t.request('PUT', '/api/v1/admin/session/password', { currentPassword: 'correct horse battery', newPassword: 'a new owner password' }, owner.headers);
    expect(changed.status).toBe(200);
    expect(await storedHash('owner@example.com')).toMatch(STRONG);
  });

  it('is what the first owner of a fresh install gets', async () => {
    t = await makeTestApp();
    await ensureFirstOwner(t.db, { email: 'first@example.com', password: 'the first owner password' }, Date.now());
    expect(await storedHash('first@example.com')).toMatch(STRONG);
  });
});

describe('a cheaper cost given to createApp', () => {
  it('is used for every password the app hashes, and those hashes sign in', async () => {
    t = await makeTestApp();
    expect(t.passwordCost).toEqual(TEST_PASSWORD_COST);
    await addEditor(t, 'owner@example.com', 'owner');
    expect(await storedHash('owner@example.com')).toMatch(CHEAP);
    const owner = await signIn(t, 'owner@example.com');

    const created = await t.post('/api/v1/admin/editors', { email: 'mod@example.com', role: 'moderator', password: 'a moderator password' }, owner.headers);
    expect(await storedHash('mod@example.com')).toMatch(CHEAP);
    await t.request('PATCH', `/api/v1/admin/editors/${created.body.editor.id}`, { password: 'another moderator password' }, owner.headers);
    expect(await storedHash('mod@example.com')).toMatch(CHEAP);
    await signIn(t, 'mod@example.com', 'another moderator password');

    const changed = await t.request('PUT', '/api/v1/admin/session/password', { currentPassword: 'correct horse battery', newPassword: 'a new owner password' }, owner.headers);
    expect(changed.status).toBe(200);
    expect(await storedHash('owner@example.com')).toMatch(CHEAP);
    await signIn(t, 'owner@example.com', 'a new owner password');
  });

  it('still refuses a wrong password and an unknown email alike', async () => {
    t = await makeTestApp();
    await addEditor(t, 'owner@example.com', 'owner');
    for (const [email, password] of [['owner@example.com', 'not the password'], ['nobody@example.com', 'correct horse battery']] as const) {
      const res = await t.post('/api/v1/admin/session', { email, password });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthorized');
    }
  });
});
