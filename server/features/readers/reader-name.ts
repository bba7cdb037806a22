import { z } from 'zod';
import { AppError } from '../../errors.ts';
import { cleanName } from '../../http/person-name.ts';
import { isWellFormed } from '../../http/well-formed.ts';
import type { Identity } from './identities.repo.ts';

// The same cleaning as a guest's name (comments.schemas.ts): look-alikes folded and invisible
// characters removed (cleanName); the length is counted in code points.
export const MAX_NAME_CHARS = 80;

/** A reader's display name: cleaned, 1–80 characters. */
export const readerName = z
  .string({ error: 'Name must be text.' })
  .refine(isWellFormed, 'Name contains invalid characters.')
  .transform(cleanName)
  .refine((s) => s.length > 0, 'Name is required.')
  .refine((s) => [...s].length <= MAX_NAME_CHARS, `Name must be at most ${MAX_NAME_CHARS} characters.`);

/**
 * The author name of a signed-in reader's comment: their identity's, whatever the body says; only
 * an identity that has none yet (an email sign-in without a name) takes the one sent.
 */
export function signedInAuthorName(identity: Identity, sent: unknown): string {
  if (identity.name !== null) return identity.name;
  const parsed = readerName.safeParse(sent ?? '');
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? 'Name is required.';
    throw new AppError('invalid_request', message, { authorName: message });
  }
  return parsed.data;
}
