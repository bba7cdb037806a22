import { AppError } from '../../errors.ts';
import { base64urlDecodeText, base64urlEncode, constantTimeEqual, hmacHex } from '../../crypto.ts';
import type { Sort } from './comments.schemas.ts';

/**
 * Where a listing stopped: the sort keys of the last comment returned. Opaque to clients; it
 * carries its sort so a cursor from one order cannot be replayed against another.
 */
export interface Cursor {
  sort: Sort;
  score: number;
  createdAt: number;
  id: string;
}

/**
 * Cursors are signed (HMAC with the instance secret, over the listing they belong to) so only
 * cursors this server issued are accepted: an invented one answers 400 before any query, and the
 * listing cache only ever sees the finite set of real pages (listing-cache.ts says why it matters).
 * `scope` names the listing: a page key, or a thread's replies.
 */
const MAC_CHARS = 32;

async function mac(secret: string, scope: string, payload: string): Promise<string> {
  return (await hmacHex(secret, `cursor:${scope}:${payload}`)).slice(0, MAC_CHARS);
}

export async function encodeCursor(secret: string, scope: string, cursor: Cursor): Promise<string> {
  const payload = base64urlEncode(JSON.stringify([cursor.sort, cursor.score, cursor.createdAt, cursor.id]));
  return `${payload}.${await mac(secret, scope, payload)}`;
}

export async function decodeCursor(secret: string, scope: string, value: string, sort: Sort): Promise<Cursor> {
  const bad = () => new AppError('invalid_request', 'The cursor is not valid for this listing.', { cursor: 'Cursor is not valid.' });
  const [payload, given, extra] = value.split('.');
  if (!payload || !given || extra !== undefined || !constantTimeEqual(given, await mac(secret, scope, payload))) throw bad();
  let parsed: unknown;
  try {
    parsed = JSON.parse(base64urlDecodeText(payload));
  } catch {
    throw bad();
  }
  if (!Array.isArray(parsed) || parsed.length !== 4) throw bad();
  const [s, score, createdAt, id] = parsed as unknown[];
  if (s !== sort || !Number.isSafeInteger(score) || !Number.isSafeInteger(createdAt) || typeof id !== 'string' || id.length > 64) {
    throw bad();
  }
  return { sort, score: score as number, createdAt: createdAt as number, id };
}
