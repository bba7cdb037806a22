import { and, eq, gt, lte } from 'drizzle-orm';
import type { AppDb } from '../../../db/client.ts';
import { editorSessions } from '../../../db/schema.ts';
import { hmacHex, sha256Hex, newToken } from '../../crypto.ts';
import { type Editor, findEditorById } from './editors.repo.ts';

/** Sessions last a working week; signing out or a password reset ends them sooner. */
export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
export const SESSION_COOKIE = 'parley_session';

export interface Session {
  editor: Editor;
  tokenHash: string;
  expiresAt: number;
}

/** Starts a session; returns the token for the cookie (only its hash is stored). */
export async function createSession(db: AppDb, editorId: string, now: number): Promise<{ token: string; tokenHash: string; expiresAt: number }> {
  const token = newToken();
  const tokenHash = await sha256Hex(token);
  const expiresAt = now + SESSION_TTL_MS;
  // Expired sessions are swept as new ones start, so the table never grows without bound.
  await db.delete(editorSessions).where(lte(editorSessions.expiresAt, now));
  await db.insert(editorSessions).values({ tokenHash, editorId, createdAt: now, expiresAt });
  return { token, tokenHash, expiresAt };
}

export async function findSession(db: AppDb, token: string, now: number): Promise<Session | undefined> {
  const tokenHash = await sha256Hex(token);
  const row = await db
    .select({ editorId: editorSessions.editorId, expiresAt: editorSessions.expiresAt })
    .from(editorSessions)
    .where(and(eq(editorSessions.tokenHash, tokenHash), gt(editorSessions.expiresAt, now)))
    .get();
  if (!row) return undefined;
  const editor = await findEditorById(db, row.editorId);
  return editor ? { editor, tokenHash, expiresAt: row.expiresAt } : undefined;
}

export async function deleteSession(db: AppDb, tokenHash: string): Promise<void> {
  await db.delete(editorSessions).where(eq(editorSessions.tokenHash, tokenHash));
}

/**
 * The CSRF token of a session: derived from it with the instance secret, so it needs no storage,
 * changes with every session, and cannot be computed by a page that only has the cookie sent along.
 */
export function csrfTokenFor(secret: string, tokenHash: string): Promise<string> {
  return hmacHex(secret, `csrf:${tokenHash}`);
}
