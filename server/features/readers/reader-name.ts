import { z } from 'zod';
import { isWellFormed } from '../../http/well-formed.ts';

// The same cleaning as a guest's name (comments.schemas.ts): control characters, bidi overrides
// and NUL disguise text, so they are removed; the length is counted in code points.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g;
export const MAX_NAME_CHARS = 80;

/** A reader's display name: cleaned, 1–80 characters. */
export const readerName = z
  .string({ error: 'Name must be text.' })
  .refine(isWellFormed, 'Name contains invalid characters.')
  .transform((s) => s.replace(CONTROL, '').trim())
  .refine((s) => s.length > 0, 'Name is required.')
  .refine((s) => [...s].length <= MAX_NAME_CHARS, `Name must be at most ${MAX_NAME_CHARS} characters.`);
