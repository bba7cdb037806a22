import { z } from 'zod';
import { spamSettingsSchema } from '../spam/index.ts';

function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && !url.username && !url.password;
  } catch {
    return false;
  }
}

/** Per-site settings kept as JSON in sites.settings; every field has a default. */
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
