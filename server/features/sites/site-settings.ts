import { z } from 'zod';

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
  /** Close a page's comments this many days after its first comment; null never. */
  autoCloseDays: z.number().int().min(1).max(3650).nullable().default(null),
  /** What a banned commenter's new comments get: refused, or silently held for review. */
  banAction: z.enum(['refuse', 'hold']).default('refuse'),
  /** Minutes a reader may edit their own comment. */
  editWindowMinutes: z.number().int().min(0).max(1440).default(15),
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
