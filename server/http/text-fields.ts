import { z } from 'zod';
import { isWellFormed } from './well-formed.ts';

/** Text fields of the public API's request schemas, checked and cleaned the same way everywhere. */

// Control characters other than tab and newline have no place in a name or a comment, and some
// (bidi overrides, NUL) are used to disguise text.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g;

/** Counts characters as readers see them (code points), not UTF-16 units. */
export const chars = (s: string) => [...s].length;

// Messages are sentences a form can show beside the field as they are; `label` is the field's
// name as a reader knows it.
export const text = (label: string, min: number, max: number) =>
  z
    .string({ error: `${label} must be text.` })
    .refine(isWellFormed, `${label} contains invalid characters.`)
    .transform((s) => s.replace(CONTROL, '').trim())
    .refine((s) => chars(s) >= min, `${label} is required.`)
    .refine((s) => chars(s) <= max, `${label} must be at most ${max.toLocaleString('en')} characters.`);

export const optionalText = (label: string, max: number) =>
  z
    .string({ error: `${label} must be text.` })
    .refine(isWellFormed, `${label} contains invalid characters.`)
    .transform((s) => s.replace(CONTROL, '').trim())
    .refine((s) => chars(s) <= max, `${label} must be at most ${max} characters.`)
    .optional()
    .transform((s) => (s ? s : undefined));

/**
 * A page key, in Unicode's composed form (NFC): "/café" typed with a precomposed é and with e plus
 * a combining accent are the same page, not two threads.
 */
export const pageKeySchema = text('Page key', 1, 500).transform((s) => s.normalize('NFC'));
