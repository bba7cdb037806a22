import { type Context, Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import type { AppDb } from '../../../db/client.ts';
import type { AppEnv } from '../../app-env.ts';
import { AppError } from '../../errors.ts';
import { hmacHex, sha256Hex } from '../../crypto.ts';
import { jsonBody } from '../../http/typed-validators.ts';
import { type AttemptPolicy, blockedUntil, claimAttempt, discountAttempt, resetCounter } from '../limits/index.ts';
import { requireEditor } from './admin-auth.ts';

import { challengeResponse, spamSettingsSchema } from '../spam/index.ts';
import { publicWriteGuard } from '../../http/public-write-guard.ts';
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
 * Sign-in throttling. Attempts are claimed per account and per IP address over 15 minutes before
 * the password is checked (see claimAttempt); past the allowance the key is locked for twice as
 * long after each further attempt (30 s, 1 min, 2 min … up to 15 min), which stops guessing
 * without letting a stranger lock an editor out for long. A right password is not counted.
 */
const THROTTLE = { windowMs: 15 * 60 * 1000, firstLockMs: 30_000, maxLockMs: 15 * 60 * 1000 };
const ACCOUNT_POLICY: AttemptPolicy = { ...THROTTLE, allowance: 5 };
const IP_POLICY: AttemptPolicy = { ...THROTTLE, allowance: 20 };

/** Sign-in has no site: it gets the default spam layers, with attempts (not only failures) limited. */
const SIGN_IN_DEFENCES = spamSettingsSchema.parse({});
const SIGN_IN_ATTEMPTS = { limit: 30, windowSeconds: 600 };
/** Password managers fill the form at once, so the minimum is short; a script's is zero. */
const SIGN_IN_MIN_FILL_SECONDS = 1;

/** The 429 for a locked key, with how long until it may try again. */
async function lockedOut(db: AppDb, keys: string[], at: number): Promise<AppError> {
  const until = (await blockedUntil(db, keys, at)) ?? at + 1000;
  const seconds = Math.max(1, Math.ceil((until - at) / 1000));
  return new AppError('rate_limited', `Too many failed sign-ins. Try again in ${seconds} seconds.`, undefined, { 'Retry-After': String(seconds) });
}

/** Opens a session for the editor and gives this browser its cookie (admin API only, JS cannot read it). */
async function startSession(c: Context<AppEnv>, editorId: string, at: number) {
  const session = await createSession(c.var.deps.db, editorId, at);
  setCookie(c, SESSION_COOKIE, session.token, {
    httpOnly: true,
    secure: c.var.deps.publicUrl.startsWith('https:'),
    sameSite: 'Lax',
    path: '/api/v1/admin',
    maxAge: Math.floor(SESSION_TTL_MS / 1000),
  });
  return session;
}

/** /api/v1/admin/session: sign in, who am I, sign out. */
export function sessionRoutes() {
  return (
    new Hono<AppEnv>()
      // The sign-in form's form token and proof of work (see features/spam).
      .get('/challenge', (c) => challengeResponse(c, 'admin', SIGN_IN_DEFENCES, SIGN_IN_MIN_FILL_SECONDS))
      .post('/', jsonBody(loginSchema), async (c) => {
        const { db, now, secret } = c.var.deps;
        const input = c.req.valid('json');
        const at = now();
        const accountKey = `login:account:${await sha256Hex(input.email.toLowerCase())}`;
        const ipKey = `login:ip:${await hmacHex(secret, c.var.deps.clientIp(c) ?? 'unknown')}`;

        await publicWriteGuard(c, {
          limits: (ipKey) => [{ key: `signin:ip:${ipKey}`, limit: SIGN_IN_ATTEMPTS, sliding: true }],
          tooFast: (wait) => `Too many sign-in attempts. Try again in ${wait}.`,
          defences: { settings: SIGN_IN_DEFENCES, scope: 'admin', minFillSeconds: SIGN_IN_MIN_FILL_SECONDS },
        });

        // Both keys are claimed before the password is checked; a refusal for one gives the other
        // its attempt back, since nothing was tried.
        if ((await claimAttempt(db, ipKey, IP_POLICY, at)) === undefined) throw await lockedOut(db, [ipKey], at);
        if ((await claimAttempt(db, accountKey, ACCOUNT_POLICY, at)) === undefined) {
          await discountAttempt(db, ipKey, IP_POLICY);
          throw await lockedOut(db, [accountKey], at);
        }

        const editor = await findEditorForLogin(db, input.email);
        // An unknown email is checked against a decoy hash so both failures take the same time.
        const valid = await verifyPassword(input.password, editor?.passwordHash ?? (await decoyHash(c.var.deps.passwordCost)));
        if (!editor || !valid) throw new AppError('unauthorized', 'Email or password is incorrect.');
        await resetCounter(db, accountKey);
        await discountAttempt(db, ipKey, IP_POLICY);

        const session = await startSession(c, editor.id, at);
        const { passwordHash: _hidden, ...publicEditor } = editor;
        return c.json({ editor: publicEditor, csrfToken: await csrfTokenFor(secret, session.tokenHash) });
      })
      .get('/', requireEditor, async (c) => {
        const session = c.var.session;
        return c.json({ editor: session.editor, csrfToken: await csrfTokenFor(c.var.deps.secret, session.tokenHash) });
      })
      // An editor changes their own password: the current one proves it is them (a stolen session
      // alone cannot lock the owner out). Every other session ends; this browser gets a new one.
      .put('/password', requireEditor, jsonBody(passwordChangeSchema), async (c) => {
        const { db, now, secret, passwordCost } = c.var.deps;
        const input = c.req.valid('json');
        const editor = await findEditorForLogin(db, c.var.session.editor.email);
        if (!editor || !(await verifyPassword(input.currentPassword, editor.passwordHash))) {
          throw new AppError('invalid_request', 'Your current password is not right.', { currentPassword: 'Your current password is not right.' });
        }
        const at = now();
        await setEditorPassword(db, editor.id, input.newPassword, at, passwordCost);
        const session = await startSession(c, editor.id, at);
        return c.json({ editor: c.var.session.editor, csrfToken: await csrfTokenFor(secret, session.tokenHash) });
      })
      .delete('/', requireEditor, async (c) => {
        await deleteSession(c.var.deps.db, c.var.session.tokenHash);
        deleteCookie(c, SESSION_COOKIE, { path: '/api/v1/admin' });
        return c.body(null, 204);
      })
  );
}
