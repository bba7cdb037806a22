import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppEnv } from '../../app-env.ts';
import { AppError } from '../../errors.ts';
import { csrfTokenFor, findSession, SESSION_COOKIE } from './sessions.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses a state-changing request whose Origin is not this server's. Browsers send Origin on
 * every cross-site POST, so a forged form or fetch from another site stops here even before the
 * CSRF token is checked.
 */
export const sameOriginWrites: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!SAFE_METHODS.has(c.req.method)) {
    const origin = c.req.header('Origin');
    const own = [c.var.deps.publicUrl, new URL(c.req.url).origin];
    if (origin !== undefined && !own.includes(origin)) {
      throw new AppError('csrf_failed', 'This request came from another site and was refused.');
    }
  }
  await next();
};

/** Requires a signed-in editor (401 otherwise) and, for writes, the session's CSRF token (403). */
export const requireEditor: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { db, now, secret } = c.var.deps;
  const token = getCookie(c, SESSION_COOKIE);
  const session = token ? await findSession(db, token, now()) : undefined;
  if (!session) throw new AppError('unauthorized', 'Please sign in to the dashboard.');
  if (!SAFE_METHODS.has(c.req.method)) {
    const sent = c.req.header('X-CSRF-Token');
    if (!sent || sent !== (await csrfTokenFor(secret, session.tokenHash))) {
      throw new AppError('csrf_failed', 'The request is missing its CSRF token (X-CSRF-Token). Reload the dashboard and try again.');
    }
  }
  c.set('session', session);
  await next();
};

/** Only owners manage editors, sites and settings. */
export const requireOwner: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.var.session.editor.role !== 'owner') {
    throw new AppError('forbidden', 'Only an owner can do this.');
  }
  await next();
};
