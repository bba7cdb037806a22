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
  const text = await (c.var.deps.readBodyText?.(c, MAX_BODY_BYTES) ?? c.req.text());
  const value: unknown = JSON.parse(text);
  c.set('jsonBody', { value });
  return value;
}
