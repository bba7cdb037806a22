import { z } from 'zod';

/** A rate limit: at most `limit` events per `windowSeconds`. */
const limit = (limit: number, windowSeconds: number) =>
  z
    .object({
      limit: z.number().int().min(1).max(100_000),
      windowSeconds: z.number().int().min(1).max(7 * 86_400),
    })
    .default({ limit, windowSeconds });

/**
 * The spam defences of a site's public writes (comments, flags, sign-ups). Every layer is on by
 * default; README "Spam defences" says what each does.
 */
export const spamSettingsSchema = z.object({
  /** Master switch for the layers below (SPAM_DEFENCES=off in the environment overrides it). */
  enabled: z.boolean().default(true),
  /** Refuse a submission that fails the bot checks (honeypot, form token, too fast, proof of work), or hold it for review. */
  failAction: z.enum(['refuse', 'hold']).default('refuse'),
  /** Seconds between the form token being issued and a submission; people take longer, scripts do not. */
  minFillSeconds: z.number().int().min(0).max(600).default(3),
  /** Proof of work: the highest number the browser may have to try (twice the mean work); raised under attack. */
  powDifficulty: z.number().int().min(1_000).max(10_000_000).default(50_000),
  /** Comments with more links than this are held. */
  maxLinks: z.number().int().min(0).max(100).default(2),
  /** Refuse a comment that repeats one posted on the site within this many hours (0: never). */
  duplicateHours: z.number().int().min(0).max(24 * 30).default(24),
  /** Spam score at which a comment is held for review, and at which it goes straight to Spam. */
  holdScore: z.number().min(1).max(100).default(4),
  spamScore: z.number().min(1).max(100).default(10),
  /** Per reader (keyed IP hash, and email or identity where given) and per action. */
  rateLimits: z
    .object({
      comment: limit(5, 60),
      commentHourly: limit(30, 3600),
      flag: limit(10, 600),
      vote: limit(60, 60),
      subscribe: limit(10, 3600),
    })
    .default({
      comment: { limit: 5, windowSeconds: 60 },
      commentHourly: { limit: 30, windowSeconds: 3600 },
      flag: { limit: 10, windowSeconds: 600 },
      vote: { limit: 60, windowSeconds: 60 },
      subscribe: { limit: 10, windowSeconds: 3600 },
    }),
});
export type SpamSettings = z.output<typeof spamSettingsSchema>;
