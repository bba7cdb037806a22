import { z } from 'zod';

/** Per-site settings kept as JSON in sites.settings; every field has a default. */
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

function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && !url.username && !url.password;
  } catch {
    return false;
  }
}

export const siteSettingsSchema = z.object({
  /** Words that get a comment refused outright / held for review. */
  wordLists: z
    .object({
      banned: z.array(z.string().trim().min(1).max(100)).max(1000).default([]),
      suspect: z.array(z.string().trim().min(1).max(100)).max(1000).default([]),
    })
    .default({ banned: [], suspect: [] }),
  /** Reader flags that send a published comment back to the queue. */
  flagThreshold: z.number().int().min(1).max(1000).default(3),
  /**
   * At the threshold a comment joins the moderation queue and stays on the page; with this on it
   * also leaves the page until a moderator has reviewed it.
   */
  hideFlaggedUntilReviewed: z.boolean().default(false),
  /** Close a page's comments this many days after its first comment; null never. */
  autoCloseDays: z.number().int().min(1).max(3650).nullable().default(null),
  /** What a banned commenter's new comments get: refused, or silently held for review. */
  banAction: z.enum(['refuse', 'hold']).default('refuse'),
  /** Minutes a reader may edit their own comment. */
  editWindowMinutes: z.number().int().min(0).max(1440).default(15),
  /**
   * Seconds a CDN may serve the public reads (listing, counts, comments.html, the "what's new"
   * check) before revalidating in the background; 0 turns shared caching off.
   */
  edgeCacheSeconds: z.number({ error: 'Edge cache must be a whole number of seconds from 0 to 300.' }).int('Edge cache must be a whole number of seconds from 0 to 300.').min(0, 'Edge cache must be a whole number of seconds from 0 to 300.').max(300, 'Edge cache must be a whole number of seconds from 0 to 300.').default(5),
  spam: spamSettingsSchema.default(() => spamSettingsSchema.parse({})),
  /** The publication's logo on the pages behind email links (https only: it loads in readers' browsers). */
  logoUrl: z
    .string({ error: 'Logo must be an https:// address of an image, or empty.' })
    .trim()
    .max(500, 'Logo address must be at most 500 characters.')
    .refine(isHttpsUrl, 'Logo must be an https:// address of an image, like https://news.example.com/logo.png.')
    .nullable()
    .default(null),
  /** The accent colour of those pages' buttons and links, as #rrggbb. */
  accentColor: z
    .string({ error: 'Accent colour must be a hex colour like #0b5cad, or empty.' })
    .trim()
    .regex(/^#[0-9a-fA-F]{6}$/, 'Accent colour must be a hex colour like #0b5cad.')
    .nullable()
    .default(null),
});
export type SiteSettings = z.output<typeof siteSettingsSchema>;

/** Reads stored settings; anything unreadable falls back to the defaults rather than failing. */
export function parseSiteSettings(raw: string): SiteSettings {
  let value: unknown = {};
  try {
    value = JSON.parse(raw);
  } catch {
    /* defaults */
  }
  const parsed = siteSettingsSchema.safeParse(value);
  return parsed.success ? parsed.data : siteSettingsSchema.parse({});
}
