import type { Context } from 'hono';
import type { AppEnv } from '../../app-env.ts';
import { constantTimeEqual, sha256Hex } from '../../crypto.ts';
import { AppError } from '../../errors.ts';
import type { OwnComment } from './own-comments.repo.ts';

/** The header a guest proves authorship with: the edit token handed out when they posted. */
export const EDIT_TOKEN_HEADER = 'X-Edit-Token';

/**
 * Refuses (403) unless the request comes from the comment's author: the edit token they were given
 * when posting, or the signed-in identity the comment was written as. The answer is the same
 * whichever proof is missing or wrong, so it tells a stranger nothing.
 */
export async function requireAuthor(c: Context<AppEnv>, comment: OwnComment, identityId: string | undefined): Promise<void> {
  const token = c.req.header(EDIT_TOKEN_HEADER);
  if (token && comment.editTokenHash && constantTimeEqual(await sha256Hex(token), comment.editTokenHash)) return;
  if (identityId && comment.identityId === identityId) return;
  throw new AppError('forbidden', 'Only the author of this comment can change it, from the browser it was written in or signed in as them.');
}
