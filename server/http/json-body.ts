import type { Context } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { AppError } from '../errors.ts';

/** The largest request body the API reads (the import upload streams and has its own limit). */
export const MAX_BODY_BYTES = 64 * 1024;

/** The error every runtime answers for a body over {@link MAX_BODY_BYTES}. */
export function bodyTooLarge(): AppError {
  return new AppError('payload_too_large', `The request body is larger than ${MAX_BODY_BYTES / 1024} KB.`);
}

/**
 * The request's body parsed as JSON, once per request: the route's schema and the spam checks'
 * proof fields both read it. The runtime may read the text itself (Node reads the socket's stream
 * directly; building a web Request around it cost about a tenth of a post's CPU time). Throws
 * what JSON.parse throws for a body that is not JSON, and {@link bodyTooLarge} past the limit.
 */
export async function readJsonBody(c: Context<AppEnv>): Promise<unknown> {
  const kept = c.get('jsonBody');
  if (kept !== undefined) return kept.value;
  const direct = c.var.deps.readBodyText?.(c, MAX_BODY_BYTES);
  // Read past Hono, the text goes into Hono's cache of the body: a validator or handler that
  // reads the body again (c.req.json()) gets it from there, not from the spent stream.
  // (Hono types the cache by its values; it holds their promises.)
  if (direct) (c.req.bodyCache as { text?: Promise<string> }).text = direct;
  const text = await (direct ?? c.req.text());
  const value: unknown = JSON.parse(text);
  c.set('jsonBody', { value });
  return value;
}
