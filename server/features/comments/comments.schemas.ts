import { z } from 'zod';
import { emailAddress } from '../../http/email-address.ts';
import { cleanName } from '../../http/person-name.ts';
import { isWellFormed } from '../../http/well-formed.ts';
import { chars, optionalText, pageKeySchema, text } from '../../http/text-fields.ts';

/** A person's name: look-alikes folded, invisible characters removed (see cleanName), then 1–max. */
const nameText = (label: string, max: number) =>
  z
    .string({ error: `${label} must be text.` })
    .refine(isWellFormed, `${label} contains invalid characters.`)
    .transform(cleanName)
    .refine((s) => chars(s) >= 1, `${label} is required.`)
    .refine((s) => chars(s) <= max, `${label} must be at most ${max} characters.`);

const commentFields = z.object({
  page: pageKeySchema,
  url: z
    .url({ protocol: /^https?$/, error: 'Page URL must be an http(s) address.' })
    .max(2048, 'Page URL must be at most 2048 characters.')
    .optional(),
  title: optionalText('Page title', 300),
  parentId: z.string({ error: 'The comment replied to must be given by its id.' }).min(1).max(64).nullish(),
  authorName: nameText('Name', 80),
  // An empty email field means "no email", as a form sends it.
  authorEmail: z
    .union([z.literal(''), emailAddress], { error: 'Email address is not valid.' })
    .optional()
    .transform((s) => (s ? s.toLowerCase() : undefined)),
  body: text('Comment', 1, 10_000),
  /** Email me when someone replies (needs authorEmail; double opt-in unless the address is proven). */
  notifyReplies: z.boolean({ error: 'notifyReplies must be true or false.' }).optional(),
});

export const newCommentSchema = commentFields.refine((c) => !c.notifyReplies || c.authorEmail, {
  message: 'Give your email address to be told about replies.',
  path: ['authorEmail'],
});
export type NewComment = z.output<typeof newCommentSchema>;

/**
 * A comment from a signed-in reader: the author is their identity, so the name and email in the
 * body are not checked here, whatever they say. The route reads the name only while the identity
 * has none yet (server/features/readers/reader-name.ts).
 */
export const signedInCommentSchema = commentFields.extend({
  authorName: z.unknown().optional(),
  authorEmail: z.unknown().optional().transform(() => undefined),
});

export const SORTS = ['newest', 'oldest', 'top'] as const;
export type Sort = (typeof SORTS)[number];

/** The page size the widget asks for, and the only one the listing cache keeps. */
export const DEFAULT_LIMIT = 20;

/**
 * At most this many threads a page: each carries up to REPLIES_PER_THREAD replies of up to
 * 10,000 characters, so this bounds what one listing can weigh.
 */
export const MAX_LIMIT = 50;

export const listQuerySchema = z.object({
  page: pageKeySchema,
  sort: z.enum(SORTS, { error: 'Sort must be newest, oldest or top.' }).default('newest'),
  cursor: z.string().max(500, 'Cursor is not valid.').optional(),
  limit: z.coerce
    .number({ error: 'Limit must be a number.' })
    .int('Limit must be a whole number.')
    .min(1, `Limit must be between 1 and ${MAX_LIMIT}.`)
    .max(MAX_LIMIT, `Limit must be between 1 and ${MAX_LIMIT}.`)
    .default(DEFAULT_LIMIT),
});
