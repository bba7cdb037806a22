import { Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import type { AppEnv } from '../../app-env.ts';
import { AppError } from '../../errors.ts';
import { hmacHex, sha256Hex } from '../../hashing.ts';
import { parseJsonBody } from '../../http/validation.ts';
import { blockedUntil, blockUntil, increment, resetCounter } from '../limits/counters.ts';
import { requireEditor } from './admin-auth.ts';
import { dailyIpKey } from '../limits/rate-limits.ts';
import { spamSettingsSchema } from '../sites/site-settings.ts';
import { challengeResponse } from '../spam/challenge.routes.ts';
import { limitRate, passBotChecks } from '../spam/spam-gate.ts';
import { findEditorForLogin, setEditorPassword } from './editors.repo.ts';
import { passwordSchema } from './editors.routes.ts';
import { decoyHash, verifyPassword } from './password.ts';
import { createSession, csrfTokenFor, deleteSession, SESSION_COOKIE, SESSION_TTL_MS } from './sessions.ts';

const loginSchema = z.object({
  email: z.string({ error: 'Email is required.' }).trim().min(1, 'Email is required.').max(254, 'Email is too long.'),
  password: z.string({ error: 'Password is required.' }).min(1, 'Password is required.').max(1024, 'Password is too long.'),
});

const passwordChangeSchema = z.object({
  currentPassword: z.string({ error: 'Your current password is required.' }).min(1, 'Your current password is required.').max(1024),
  newPassword: passwordSchema,
});

/**
 * Sign-in throttling. Failures are counted per account and per IP address over 15 minutes; past
 * the allowance each further failure locks the key for twice as long as the last (30 s, 1 min,
 * 2 min … up to 15 min), which stops guessing without letting a stranger lock an editor out for long.
 */
const FAILURE_WINDOW_MS = 15 * 60 * 1000;
const ACCOUNT_ALLOWANCE = 5;
const IP_ALLOWANCE = 20;
const FIRST_LOCK_MS = 30_000;
const MAX_LOCK_MS = 15 * 60 * 1000;

/** Sign-in has no site: it gets the default spam layers, with attempts (not only failures) limited. */
const SIGN_IN_DEFENCES = spamSettingsSchema.parse({});
const SIGN_IN_ATTEMPTS = { limit: 30, windowSeconds: 600 };
/** Password managers fill the form at once, so the minimum is short; a script's is zero. */
const SIGN_IN_MIN_FILL_SECONDS = 1;

function lockFor(failures: number, allowance: number): number {
  return Math.min(MAX_LOCK_MS, FIRST_LOCK_MS * 2 ** (failures - allowance));
}

/** /api/v1/admin/session: sign in, who am I, sign out. */
export function sessionRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  // The sign-in form's form token and proof of work (see features/spam).
  app.get('/challenge', (c) => challengeResponse(c, 'admin', SIGN_IN_DEFENCES, SIGN_IN_MIN_FILL_SECONDS));

  app.post('/', async (c) => {
    const { db, now, secret, publicUrl } = c.var.deps;
    const input = await parseJsonBody(c, loginSchema);
    const at = now();
    const accountKey = `login:account:${await sha256Hex(input.email.toLowerCase())}`;
    const ipKey = `login:ip:${await hmacHex(secret, c.var.deps.clientIp(c) ?? 'unknown')}`;

    await limitRate(
      c,
      SIGN_IN_DEFENCES,
      [{ key: `signin:ip:${await dailyIpKey(secret, c.var.deps.clientIp(c), at)}`, limit: SIGN_IN_ATTEMPTS, sliding: true }],
      (wait) => `Too many sign-in attempts. Try again in ${wait}.`,
    );
    await passBotChecks(c, { scope: 'admin', settings: SIGN_IN_DEFENCES, holdable: false, minFillSeconds: SIGN_IN_MIN_FILL_SECONDS });

    const lockedUntil = await blockedUntil(db, [accountKey, ipKey], at);
    if (lockedUntil !== undefined) {
      const seconds = Math.max(1, Math.ceil((lockedUntil - at) / 1000));
      throw new AppError('rate_limited', `Too many failed sign-ins. Try again in ${seconds} seconds.`, undefined, { 'Retry-After': String(seconds) });
    }

    const editor = await findEditorForLogin(db, input.email);
    // An unknown email is checked against a decoy hash so both failures take the same time.
    const valid = await verifyPassword(input.password, editor?.passwordHash ?? (await decoyHash()));
    if (!editor || !valid) {
      const account = await increment(db, accountKey, FAILURE_WINDOW_MS, at);
      const ip = await increment(db, ipKey, FAILURE_WINDOW_MS, at);
      if (account.count >= ACCOUNT_ALLOWANCE) await blockUntil(db, accountKey, at + lockFor(account.count, ACCOUNT_ALLOWANCE));
      if (ip.count >= IP_ALLOWANCE) await blockUntil(db, ipKey, at + lockFor(ip.count, IP_ALLOWANCE));
      throw new AppError('unauthorized', 'Email or password is incorrect.');
    }
    await resetCounter(db, accountKey);

    const session = await createSession(db, editor.id, at);
    setCookie(c, SESSION_COOKIE, session.token, {
      httpOnly: true,
      secure: publicUrl.startsWith('https:'),
      sameSite: 'Lax',
      path: '/api/v1/admin',
      maxAge: Math.floor(SESSION_TTL_MS / 1000),
    });
    const { passwordHash: _hidden, ...publicEditor } = editor;
    return c.json({ editor: publicEditor, csrfToken: await csrfTokenFor(secret, session.tokenHash) });
  });

  app.get('/', requireEditor, async (c) => {
    const session = c.var.session;
    return c.json({ editor: session.editor, csrfToken: await csrfTokenFor(c.var.deps.secret, session.tokenHash) });
  });

  // An editor changes their own password: the current one proves it is them (a stolen session
  // alone cannot lock the owner out). Every other session ends; this browser gets a new one.
  app.put('/password', requireEditor, async (c) => {
    const { db, now, secret, publicUrl } = c.var.deps;
    const input = await parseJsonBody(c, passwordChangeSchema);
    const editor = await findEditorForLogin(db, c.var.session.editor.email);
    if (!editor || !(await verifyPassword(input.currentPassword, editor.passwordHash))) {
      throw new AppError('invalid_request', 'Your current password is not right.', { currentPassword: 'Your current password is not right.' });
    }
    const at = now();
    await setEditorPassword(db, editor.id, input.newPassword, at);
    const session = await createSession(db, editor.id, at);
    setCookie(c, SESSION_COOKIE, session.token, {
      httpOnly: true,
      secure: publicUrl.startsWith('https:'),
      sameSite: 'Lax',
      path: '/api/v1/admin',
      maxAge: Math.floor(SESSION_TTL_MS / 1000),
    });
    return c.json({ editor: c.var.session.editor, csrfToken: await csrfTokenFor(secret, session.tokenHash) });
  });

  app.delete('/', requireEditor, async (c) => {
    await deleteSession(c.var.deps.db, c.var.session.tokenHash);
    deleteCookie(c, SESSION_COOKIE, { path: '/api/v1/admin' });
    return c.body(null, 204);
  });

  return app;
}
