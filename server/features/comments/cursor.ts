import { AppError } from '../../errors.ts';
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

export function encodeCursor(cursor: Cursor): string {
  const raw = JSON.stringify([cursor.sort, cursor.score, cursor.createdAt, cursor.id]);
  return btoa(raw).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function decodeCursor(value: string, sort: Sort): Cursor {
  const bad = () => new AppError('invalid_request', 'The cursor is not valid for this listing.', { cursor: 'Cursor is not valid.' });
  let parsed: unknown;
  try {
    parsed = JSON.parse(atob(value.replace(/-/g, '+').replace(/_/g, '/')));
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
